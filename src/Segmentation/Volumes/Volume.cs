namespace DicomSegNode.Segmentation.Volumes;

/// <summary>
/// A CT volume in Hounsfield units on a grid in patient space, with the identifier of the source image of every
/// slice (for DICOM: the SOP Instance UID; the segmentation side never interprets it).
/// </summary>
public sealed class Volume
{
    public Volume(VolumeGeometry geometry, float[] voxels, IReadOnlyList<string> sliceSourceIds)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(voxels);
        ArgumentNullException.ThrowIfNull(sliceSourceIds);
        if (voxels.Length != geometry.Size.VoxelCount)
        {
            throw new ArgumentException($"{voxels.Length} voxels do not fill a {geometry.Size} grid.", nameof(voxels));
        }

        if (sliceSourceIds.Count != geometry.Size.Z)
        {
            throw new ArgumentException($"{sliceSourceIds.Count} slice ids for {geometry.Size.Z} slices.", nameof(sliceSourceIds));
        }

        Geometry = geometry;
        Voxels = voxels;
        SliceSourceIds = sliceSourceIds;
    }

    public VolumeGeometry Geometry { get; }

    /// <summary>HU values, X fastest (see <see cref="GridSize"/>).</summary>
    public float[] Voxels { get; }

    public IReadOnlyList<string> SliceSourceIds { get; }

    public GridSize Size => Geometry.Size;
}
