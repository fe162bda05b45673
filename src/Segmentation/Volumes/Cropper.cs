namespace DicomSegNode.Segmentation.Volumes;

/// <summary>Cutting boxes out of voxel arrays, pasting them back, and finding a mask's bounding box.</summary>
public static class Cropper
{
    /// <summary>The voxels of <paramref name="box"/> as a new array of size <c>box.Size</c>.</summary>
    public static T[] Crop<T>(T[] data, GridSize size, Box3 box)
    {
        ArgumentNullException.ThrowIfNull(data);
        Check(data.Length, size, box);
        var b = box.Size;
        var output = new T[b.VoxelCount];
        Parallel.For(0, b.Y * b.Z, row =>
        {
            int j = row % b.Y, k = row / b.Y;
            Array.Copy(data, size.Index(box.X0, box.Y0 + j, box.Z0 + k), output, row * b.X, b.X);
        });
        return output;
    }

    /// <summary>Writes <paramref name="patch"/> (size <c>box.Size</c>) into <paramref name="data"/> at <paramref name="box"/>.</summary>
    public static void Paste<T>(T[] data, GridSize size, T[] patch, Box3 box)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(patch);
        Check(data.Length, size, box);
        var b = box.Size;
        if (patch.Length != b.VoxelCount)
        {
            throw new ArgumentException($"Patch of {patch.Length} voxels does not fill box {box}.", nameof(patch));
        }

        Parallel.For(0, b.Y * b.Z, row =>
        {
            int j = row % b.Y, k = row / b.Y;
            Array.Copy(patch, row * b.X, data, size.Index(box.X0, box.Y0 + j, box.Z0 + k), b.X);
        });
    }

    /// <summary>The smallest box holding every non-zero voxel, or null when there is none.</summary>
    public static Box3? BoundingBox(byte[] mask, GridSize size)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Length != size.VoxelCount)
        {
            throw new ArgumentException($"{mask.Length} voxels do not fill a {size} grid.", nameof(mask));
        }

        var gate = new object();
        int x0 = int.MaxValue, y0 = int.MaxValue, z0 = int.MaxValue, x1 = -1, y1 = -1, z1 = -1;
        Parallel.For(0, size.Z, k =>
        {
            int lx0 = int.MaxValue, ly0 = int.MaxValue, lx1 = -1, ly1 = -1;
            for (int j = 0; j < size.Y; j++)
            {
                var line = mask.AsSpan(size.Index(0, j, k), size.X);
                int first = line.IndexOfAnyExcept((byte)0);
                if (first < 0)
                {
                    continue;
                }

                int last = line.LastIndexOfAnyExcept((byte)0);
                lx0 = Math.Min(lx0, first);
                lx1 = Math.Max(lx1, last);
                ly0 = Math.Min(ly0, j);
                ly1 = j;
            }

            if (lx1 < 0)
            {
                return;
            }

            lock (gate)
            {
                x0 = Math.Min(x0, lx0);
                y0 = Math.Min(y0, ly0);
                z0 = Math.Min(z0, k);
                x1 = Math.Max(x1, lx1);
                y1 = Math.Max(y1, ly1);
                z1 = Math.Max(z1, k);
            }
        });
        return x1 < 0 ? null : new Box3(x0, y0, z0, x1 + 1, y1 + 1, z1 + 1);
    }

    private static void Check(int length, GridSize size, Box3 box)
    {
        if (length != size.VoxelCount)
        {
            throw new ArgumentException($"{length} voxels do not fill a {size} grid.");
        }

        if (box.IsEmpty || box.X0 < 0 || box.Y0 < 0 || box.Z0 < 0 || box.X1 > size.X || box.Y1 > size.Y || box.Z1 > size.Z)
        {
            throw new ArgumentOutOfRangeException(nameof(box), $"Box {box} is empty or outside the grid {size}.");
        }
    }
}
