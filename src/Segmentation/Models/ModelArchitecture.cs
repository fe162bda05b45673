namespace DicomSegNode.Segmentation.Models;

/// <summary>model.json "architecture": which network, and its size.</summary>
/// <param name="Name">Always "attention-res-unet" today.</param>
/// <param name="SpatialDims">2 (slice by slice) or 3.</param>
/// <param name="InChannels">Input channels: 1 for 3D; for 2D an odd number of neighbouring slices centred on the slice.</param>
/// <param name="BaseFeatures">Features of the first level; they double per level.</param>
/// <param name="Levels">Resolution levels including the bottleneck.</param>
/// <param name="ClassNames">Output classes in channel order (class 0 is background).</param>
public sealed record ModelArchitecture(string Name, int SpatialDims, int InChannels, int BaseFeatures, int Levels, IReadOnlyList<string> ClassNames)
{
    /// <summary>The architecture name this engine builds.</summary>
    public const string AttentionResUNet = "attention-res-unet";

    /// <summary>Number of output classes.</summary>
    public int Classes => ClassNames.Count;

    /// <summary>Features at level <paramref name="level"/>: BaseFeatures * 2^level.</summary>
    public int Features(int level) => BaseFeatures << level;

    /// <summary>Every spatial patch extent must be a multiple of this: 2^(Levels - 1).</summary>
    public int Divisor => 1 << (Levels - 1);
}
