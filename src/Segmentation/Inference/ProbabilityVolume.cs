namespace DicomSegNode.Segmentation.Inference;

/// <summary>
/// Per-class probabilities on the input grid: <see cref="Data"/> is [classes, depth, height, width], row-major
/// (width fastest); at every voxel the classes sum to 1.
/// </summary>
public sealed class ProbabilityVolume
{
    /// <summary>Wraps <paramref name="data"/> of length classes * depth * height * width.</summary>
    public ProbabilityVolume(IReadOnlyList<string> classNames, int depth, int height, int width, float[] data)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(data);
        if ((long)classNames.Count * depth * height * width != data.Length)
        {
            throw new ArgumentException($"{data.Length} values do not make {classNames.Count} x {depth} x {height} x {width}", nameof(data));
        }

        ClassNames = classNames;
        Depth = depth;
        Height = height;
        Width = width;
        Data = data;
    }

    /// <summary>Class names in channel order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of classes.</summary>
    public int Classes => ClassNames.Count;

    /// <summary>Slices.</summary>
    public int Depth { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>[classes, depth, height, width].</summary>
    public float[] Data { get; }

    /// <summary>Voxels per class.</summary>
    public int VoxelCount => Depth * Height * Width;

    /// <summary>The probability map of class <paramref name="c"/>, [depth, height, width].</summary>
    public Span<float> Class(int c) => Data.AsSpan(checked(c * VoxelCount), VoxelCount);

    /// <summary>The most probable class at every voxel (ties go to the lower class index).</summary>
    public byte[] ArgMax()
    {
        int n = VoxelCount;
        var labels = new byte[n];
        var best = Class(0).ToArray();
        for (int c = 1; c < Classes; c++)
        {
            var p = Class(c);
            for (int i = 0; i < n; i++)
            {
                if (p[i] > best[i])
                {
                    best[i] = p[i];
                    labels[i] = (byte)c;
                }
            }
        }

        return labels;
    }
}
