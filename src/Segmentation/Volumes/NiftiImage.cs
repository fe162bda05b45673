namespace DicomSegNode.Segmentation.Volumes;

/// <summary>A 3D NIfTI image as read: geometry in DICOM patient space (LPS) and the scaled voxel values.</summary>
public sealed class NiftiImage
{
    public NiftiImage(VolumeGeometry geometry, float[] voxels, NiftiDataType dataType)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(voxels);
        if (voxels.Length != geometry.Size.VoxelCount)
        {
            throw new ArgumentException($"{voxels.Length} voxels do not fill a {geometry.Size} grid.", nameof(voxels));
        }

        Geometry = geometry;
        Voxels = voxels;
        DataType = dataType;
    }

    public VolumeGeometry Geometry { get; }

    /// <summary>Values after scl_slope/scl_inter, X fastest.</summary>
    public float[] Voxels { get; }

    /// <summary>The data type stored in the file.</summary>
    public NiftiDataType DataType { get; }

    /// <summary>The image as a label map; every value must be an integer in 0..255.</summary>
    public LabelMap ToLabelMap()
    {
        var labels = new byte[Voxels.Length];
        for (int v = 0; v < Voxels.Length; v++)
        {
            float value = Voxels[v];
            if (!(value >= 0 && value <= 255) || value != MathF.Floor(value))
            {
                throw new InvalidDataException(FormattableString.Invariant($"Voxel {v} holds {value}, which is not a label 0..255."));
            }

            labels[v] = (byte)value;
        }

        return new LabelMap(Geometry, labels);
    }
}
