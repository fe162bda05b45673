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

    /// <summary>
    /// The Dice coefficient 2|A∩B| / (|A| + |B|) of two masks (non-zero = inside); 1 when both are empty (nothing to
    /// find, nothing found).
    /// </summary>
    public static double Dice(byte[] a, byte[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Masks of {a.Length} and {b.Length} voxels cannot be compared.", nameof(b));
        }

        long both = 0, sizeA = 0, sizeB = 0;
        var gate = new object();
        Parallel.For(0, (a.Length + 65535) / 65536, block =>
        {
            long lBoth = 0, lA = 0, lB = 0;
            int end = Math.Min(a.Length, (block + 1) * 65536);
            for (int v = block * 65536; v < end; v++)
            {
                bool inA = a[v] != 0, inB = b[v] != 0;
                lA += inA ? 1 : 0;
                lB += inB ? 1 : 0;
                lBoth += inA && inB ? 1 : 0;
            }

            lock (gate)
            {
                both += lBoth;
                sizeA += lA;
                sizeB += lB;
            }
        });
        return sizeA + sizeB == 0 ? 1.0 : 2.0 * both / (sizeA + sizeB);
    }
}
