namespace DicomSegNode.Segmentation.Models;

/// <summary>How overlapping sliding-window patches are combined.</summary>
public enum BlendingMode
{
    /// <summary>Weighted by a Gaussian centred on the patch (nnU-Net, MONAI "gaussian"): patch borders count less.</summary>
    Gaussian,

    /// <summary>Plain average.</summary>
    Constant,
}
