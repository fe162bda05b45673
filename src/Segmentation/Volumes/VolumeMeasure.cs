namespace DicomSegNode.Segmentation.Volumes;

/// <summary>Counts and volumes of labelled voxels.</summary>
public static class VolumeMeasure
{
    /// <summary>The number of entries equal to <paramref name="label"/> (vectorised, split across cores for large maps).</summary>
    public static long CountVoxels(byte[] labels, byte label)
    {
        ArgumentNullException.ThrowIfNull(labels);
        const int Chunk = 1 << 22;
        if (labels.Length <= Chunk)
        {
            return labels.AsSpan().Count(label);
        }

        long total = 0;
        int chunks = (labels.Length + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, () => 0L, (c, _, sum) =>
        {
            int start = c * Chunk;
            return sum + labels.AsSpan(start, Math.Min(Chunk, labels.Length - start)).Count(label);
        }, sum => Interlocked.Add(ref total, sum));
        return total;
    }

    /// <summary>The volume in millilitres (1 mL = 1000 mm³) of the voxels equal to <paramref name="label"/>.</summary>
    public static double Millilitres(byte[] labels, byte label, VolumeGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return CountVoxels(labels, label) * geometry.VoxelVolumeMm3 / 1000.0;
    }
}
