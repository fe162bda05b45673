namespace DicomSegNode.Segmentation.Volumes;

/// <summary>
/// Binary dilation, erosion and closing with a box structuring element of half-widths (rx, ry, rz) voxels, done as
/// three separable running-count passes (cost independent of the radius), parallel, without per-voxel allocation.
/// A box in voxels lets the radius follow anisotropic spacing (<see cref="RadiusInVoxels"/>).
/// </summary>
public static class Morphology
{
    private const int ChunkWidth = 4096;

    /// <summary>Half-widths in voxels that reach at least <paramref name="millimetres"/> along each axis (rounded).</summary>
    public static (int X, int Y, int Z) RadiusInVoxels(VolumeGeometry geometry, double millimetres)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentOutOfRangeException.ThrowIfNegative(millimetres);
        return ((int)Math.Round(millimetres / geometry.Spacing.X), (int)Math.Round(millimetres / geometry.Spacing.Y), (int)Math.Round(millimetres / geometry.Spacing.Z));
    }

    /// <summary>0/1 mask: a voxel is set when any voxel of the box around it is non-zero.</summary>
    public static byte[] Dilate(byte[] mask, GridSize size, int rx, int ry, int rz) =>
        Apply(mask, size, rx, ry, rz, dilate: true, outsideIsForeground: false);

    /// <summary>
    /// 0/1 mask: a voxel is set when every voxel of the box around it is non-zero. Voxels beyond the grid count as
    /// background unless <paramref name="outsideIsForeground"/> (then the mask is not eroded from the grid's faces).
    /// </summary>
    public static byte[] Erode(byte[] mask, GridSize size, int rx, int ry, int rz, bool outsideIsForeground = false) =>
        Apply(mask, size, rx, ry, rz, dilate: false, outsideIsForeground);

    /// <summary>
    /// Closing (dilate, then erode) of the mask with background beyond the grid: computed on a copy padded by the radius,
    /// so it bridges gaps without growing along the grid's faces, and always contains the input.
    /// </summary>
    public static byte[] Close(byte[] mask, GridSize size, int rx, int ry, int rz)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Length != size.VoxelCount)
        {
            throw new ArgumentException($"{mask.Length} voxels do not fill a {size} grid.", nameof(mask));
        }

        var padded = new GridSize(size.X + (2 * rx), size.Y + (2 * ry), size.Z + (2 * rz));
        var box = new Box3(rx, ry, rz, rx + size.X, ry + size.Y, rz + size.Z);
        var work = new byte[padded.VoxelCount];
        Cropper.Paste(work, padded, mask, box);
        var closed = Erode(Dilate(work, padded, rx, ry, rz), padded, rx, ry, rz);
        return Cropper.Crop(closed, padded, box);
    }

    private static byte[] Apply(byte[] mask, GridSize size, int rx, int ry, int rz, bool dilate, bool outsideIsForeground)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Length != size.VoxelCount)
        {
            throw new ArgumentException($"{mask.Length} voxels do not fill a {size} grid.", nameof(mask));
        }

        if (rx < 0 || ry < 0 || rz < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rx), "Radii must not be negative.");
        }

        var a = new byte[mask.Length];
        Parallel.For(0, size.Z, k =>
        {
            int start = k * size.SliceVoxels;
            for (int v = start; v < start + size.SliceVoxels; v++)
            {
                a[v] = mask[v] != 0 ? (byte)1 : (byte)0;
            }
        });
        var b = new byte[mask.Length];

        // Axis X: lines of length X, stride 1; axis Y: per slice, lines of length Y over X-wide rows; axis Z: one block.
        if (rx > 0)
        {
            Pass(a, b, outer: size.Y * size.Z, length: size.X, inner: 1, rx, dilate, outsideIsForeground);
            (a, b) = (b, a);
        }

        if (ry > 0)
        {
            Pass(a, b, outer: size.Z, length: size.Y, inner: size.X, ry, dilate, outsideIsForeground);
            (a, b) = (b, a);
        }

        if (rz > 0)
        {
            Pass(a, b, outer: 1, length: size.Z, inner: size.SliceVoxels, rz, dilate, outsideIsForeground);
            (a, b) = (b, a);
        }

        return a;
    }

    // Data viewed as [outer][length][inner]; a window of 2r+1 slides along "length" for every (outer, inner).
    private static void Pass(byte[] src, byte[] dst, int outer, int length, int inner, int r, bool dilate, bool outsideIsForeground)
    {
        int chunks = (inner + ChunkWidth - 1) / ChunkWidth;
        int window = (2 * r) + 1;
        int outsideValue = outsideIsForeground ? 1 : 0;
        Parallel.For(0, outer * chunks, () => new int[Math.Min(ChunkWidth, inner)], (task, _, counts) =>
        {
            int o = task / chunks, c0 = (task % chunks) * ChunkWidth, width = Math.Min(ChunkWidth, inner - c0);
            int baseOffset = (o * length * inner) + c0;
            var count = counts.AsSpan(0, width);
            count.Fill(outsideValue * r);
            for (int t = 0; t < r && t < length; t++)
            {
                Accumulate(src, baseOffset + (t * inner), count, +1);
            }

            if (r > length)
            {
                // Window positions beyond the far face that were never added above are outside voxels.
                for (int q = 0; q < width; q++)
                {
                    count[q] += outsideValue * (r - length);
                }
            }

            for (int t = 0; t < length; t++)
            {
                int enter = t + r;
                if (enter < length)
                {
                    Accumulate(src, baseOffset + (enter * inner), count, +1);
                }
                else
                {
                    for (int q = 0; q < width; q++)
                    {
                        count[q] += outsideValue;
                    }
                }

                int outOffset = baseOffset + (t * inner);
                for (int q = 0; q < width; q++)
                {
                    dst[outOffset + q] = dilate ? (count[q] > 0 ? (byte)1 : (byte)0) : (count[q] == window ? (byte)1 : (byte)0);
                }

                int leave = t - r;
                if (leave >= 0)
                {
                    Accumulate(src, baseOffset + (leave * inner), count, -1);
                }
                else
                {
                    for (int q = 0; q < width; q++)
                    {
                        count[q] -= outsideValue;
                    }
                }
            }

            return counts;
        }, _ => { });
    }

    private static void Accumulate(byte[] src, int offset, Span<int> count, int sign)
    {
        var line = src.AsSpan(offset, count.Length);
        for (int q = 0; q < count.Length; q++)
        {
            count[q] += sign * line[q];
        }
    }
}
