namespace DicomSegNode.Segmentation.Volumes;

/// <summary>
/// Resampling between any two grids in patient space (different spacing, origin, size, orientation or shear):
/// every target voxel centre is mapped into the source grid through both geometries. Trilinear for intensities and
/// probabilities, nearest neighbour for labels. A target point up to half a voxel beyond the source's edge voxel
/// centres takes the edge value (the source voxel covers it); further out it gets the fill value.
/// Parallel over target rows; no allocation per voxel.
/// </summary>
public static partial class Resampler
{
    /// <summary>Trilinear interpolation of <paramref name="source"/> onto <paramref name="target"/>.</summary>
    public static float[] Trilinear(float[] source, VolumeGeometry sourceGeometry, VolumeGeometry target, float fill)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sourceGeometry);
        ArgumentNullException.ThrowIfNull(target);
        CheckLength(source.Length, sourceGeometry);
        var output = new float[target.Size.VoxelCount];
        var map = IndexMap.Between(sourceGeometry, target);
        var s = sourceGeometry.Size;
        var t = target.Size;
        if (AxisTables.TryCreate(map, s, t) is { } tables)
        {
            TrilinearSeparable(source, s, t, tables, fill, output);
            return output;
        }

        int sx = s.X, sy = s.Y, sz = s.Z;
        Parallel.For(0, t.Y * t.Z, row =>
        {
            int j = row % t.Y, k = row / t.Y;
            var start = map.Start(j, k);
            int baseIndex = row * t.X;
            for (int i = 0; i < t.X; i++)
            {
                // Computed per voxel rather than accumulated, so that a long row gathers no rounding drift.
                var p = start + (map.StepX * i);
                if (!Inside(p.X, sx) || !Inside(p.Y, sy) || !Inside(p.Z, sz))
                {
                    output[baseIndex + i] = fill;
                    continue;
                }

                Split(p.X, sx, out int x0, out int x1, out float fx);
                Split(p.Y, sy, out int y0, out int y1, out float fy);
                Split(p.Z, sz, out int z0, out int z1, out float fz);
                int r00 = (z0 * sy + y0) * sx, r01 = (z0 * sy + y1) * sx, r10 = (z1 * sy + y0) * sx, r11 = (z1 * sy + y1) * sx;
                float c00 = source[r00 + x0] + (fx * (source[r00 + x1] - source[r00 + x0]));
                float c01 = source[r01 + x0] + (fx * (source[r01 + x1] - source[r01 + x0]));
                float c10 = source[r10 + x0] + (fx * (source[r10 + x1] - source[r10 + x0]));
                float c11 = source[r11 + x0] + (fx * (source[r11 + x1] - source[r11 + x0]));
                float c0 = c00 + (fy * (c01 - c00));
                float c1 = c10 + (fy * (c11 - c10));
                output[baseIndex + i] = c0 + (fz * (c1 - c0));
            }
        });
        return output;
    }

    /// <summary>Nearest-neighbour resampling of a label map onto <paramref name="target"/> (outside: label 0).</summary>
    public static byte[] Nearest(byte[] source, VolumeGeometry sourceGeometry, VolumeGeometry target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sourceGeometry);
        ArgumentNullException.ThrowIfNull(target);
        CheckLength(source.Length, sourceGeometry);
        var output = new byte[target.Size.VoxelCount];
        var map = IndexMap.Between(sourceGeometry, target);
        var s = sourceGeometry.Size;
        var t = target.Size;
        if (AxisTables.TryCreate(map, s, t) is { } tables)
        {
            NearestSeparable(source, s, t, tables, output);
            return output;
        }

        Parallel.For(0, t.Y * t.Z, row =>
        {
            int j = row % t.Y, k = row / t.Y;
            var start = map.Start(j, k);
            int baseIndex = row * t.X;
            for (int i = 0; i < t.X; i++)
            {
                // Computed per voxel rather than accumulated, so that a long row gathers no rounding drift.
                var p = start + (map.StepX * i);
                int x = (int)Math.Floor(p.X + 0.5), y = (int)Math.Floor(p.Y + 0.5), z = (int)Math.Floor(p.Z + 0.5);
                if (s.Contains(x, y, z))
                {
                    output[baseIndex + i] = source[(((z * s.Y) + y) * s.X) + x];
                }
            }
        });
        return output;
    }

    /// <summary>Resamples a label map; labels keep their values.</summary>
    public static LabelMap Nearest(LabelMap source, VolumeGeometry target)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new LabelMap(target, Nearest(source.Labels, source.Geometry, target));
    }

    // Small float error must not turn an edge voxel centre (index exactly 0 or n-1) into "outside".
    private static bool Inside(double c, int n) => c >= -0.5 - 1e-6 && c <= n - 0.5 + 1e-6;

    private static void Split(double c, int n, out int c0, out int c1, out float f)
    {
        if (c <= 0)
        {
            c0 = 0;
            c1 = 0;
            f = 0;
            return;
        }

        if (c >= n - 1)
        {
            c0 = n - 1;
            c1 = n - 1;
            f = 0;
            return;
        }

        c0 = (int)c;
        c1 = c0 + 1;
        f = (float)(c - c0);
    }

    private static void CheckLength(int length, VolumeGeometry geometry)
    {
        if (length != geometry.Size.VoxelCount)
        {
            throw new ArgumentException($"{length} voxels do not fill a {geometry.Size} grid.");
        }
    }

    /// <summary>The affine map from target voxel indices to source voxel indices.</summary>
    private readonly record struct IndexMap(Vec3 Offset, Vec3 StepX, Vec3 StepY, Vec3 StepZ)
    {
        public static IndexMap Between(VolumeGeometry source, VolumeGeometry target)
        {
            var (r0, r1, r2) = source.InverseLinear();
            Vec3 Apply(Vec3 v) => new(Vec3.Dot(r0, v), Vec3.Dot(r1, v), Vec3.Dot(r2, v));
            return new IndexMap(
                Apply(target.Origin - source.Origin),
                Apply(target.AxisX * target.Spacing.X),
                Apply(target.AxisY * target.Spacing.Y),
                Apply(target.AxisZ * target.Spacing.Z));
        }

        public Vec3 Start(int j, int k) => Offset + (StepY * j) + (StepZ * k);
    }
}
