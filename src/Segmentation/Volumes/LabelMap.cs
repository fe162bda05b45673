namespace DicomSegNode.Segmentation.Volumes;

/// <summary>A label per voxel (0 = background) on a grid in patient space; a binary mask is a label map of 0 and 1.</summary>
public sealed class LabelMap
{
    public LabelMap(VolumeGeometry geometry, byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != geometry.Size.VoxelCount)
        {
            throw new ArgumentException($"{labels.Length} labels do not fill a {geometry.Size} grid.", nameof(labels));
        }

        Geometry = geometry;
        Labels = labels;
    }

    public LabelMap(VolumeGeometry geometry)
        : this(geometry, new byte[geometry.Size.VoxelCount])
    {
    }

    public VolumeGeometry Geometry { get; }

    /// <summary>Labels, X fastest (see <see cref="GridSize"/>).</summary>
    public byte[] Labels { get; }

    public GridSize Size => Geometry.Size;

    /// <summary>The number of voxels carrying <paramref name="label"/>.</summary>
    public long Count(byte label) => VolumeMeasure.CountVoxels(Labels, label);

    /// <summary>The volume of <paramref name="label"/> in millilitres.</summary>
    public double Millilitres(byte label) => Count(label) * Geometry.VoxelVolumeMm3 / 1000.0;
}
