namespace DicomSegNode.Segmentation.Volumes;

/// <summary>Which neighbours join two voxels into one 3D component.</summary>
public enum Connectivity
{
    /// <summary>Face neighbours only (scipy.ndimage's default structure).</summary>
    Six = 6,

    /// <summary>Face, edge and corner neighbours.</summary>
    TwentySix = 26,
}
