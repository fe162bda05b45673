namespace DicomSegNode.Segmentation.Volumes;

public static partial class Resampler
{
    /// <summary>
    /// Per-axis interpolation tables for grids whose axes are parallel (the cascade's case: a grid and the same grid at
    /// another spacing or cropped). Then the index map is separable and a voxel's weights come from three table lookups.
    /// </summary>
    private sealed class AxisTables
    {
        private AxisTables(AxisTable x, AxisTable y, AxisTable z)
        {
            X = x;
            Y = y;
            Z = z;
        }

        public AxisTable X { get; }

        public AxisTable Y { get; }

        public AxisTable Z { get; }

        public static AxisTables? TryCreate(IndexMap map, GridSize source, GridSize target)
        {
            const double Eps = 1e-9;
            if (Math.Abs(map.StepX.Y) > Eps || Math.Abs(map.StepX.Z) > Eps || Math.Abs(map.StepY.X) > Eps
                || Math.Abs(map.StepY.Z) > Eps || Math.Abs(map.StepZ.X) > Eps || Math.Abs(map.StepZ.Y) > Eps)
            {
                return null;
            }

            return new AxisTables(
                AxisTable.Create(map.Offset.X, map.StepX.X, source.X, target.X),
                AxisTable.Create(map.Offset.Y, map.StepY.Y, source.Y, target.Y),
                AxisTable.Create(map.Offset.Z, map.StepZ.Z, source.Z, target.Z));
        }
    }

    /// <summary>For each target index along one axis: the two source indices, the weight of the second, and inside-ness.</summary>
    private sealed class AxisTable
    {
        private AxisTable(int n)
        {
            I0 = new int[n];
            I1 = new int[n];
            F = new float[n];
            Inside = new bool[n];
            Nearest = new int[n];
        }

        public int[] I0 { get; }

        public int[] I1 { get; }

        public float[] F { get; }

        public bool[] Inside { get; }

        /// <summary>The nearest source index, or -1 beyond the source.</summary>
        public int[] Nearest { get; }

        public static AxisTable Create(double offset, double step, int sourceLength, int targetLength)
        {
            var t = new AxisTable(targetLength);
            for (int i = 0; i < targetLength; i++)
            {
                double c = offset + (step * i);
                t.Inside[i] = Resampler.Inside(c, sourceLength);
                Split(c, sourceLength, out t.I0[i], out t.I1[i], out t.F[i]);
                int nearest = (int)Math.Floor(c + 0.5);
                t.Nearest[i] = nearest >= 0 && nearest < sourceLength ? nearest : -1;
            }

            return t;
        }
    }

    private static void TrilinearSeparable(float[] source, GridSize s, GridSize t, AxisTables tables, float fill, float[] output)
    {
        Parallel.For(0, t.Y * t.Z, row =>
        {
            int j = row % t.Y, k = row / t.Y;
            var ax = tables.X;
            int baseIndex = row * t.X;
            if (!tables.Y.Inside[j] || !tables.Z.Inside[k])
            {
                output.AsSpan(baseIndex, t.X).Fill(fill);
                return;
            }

            int y0 = tables.Y.I0[j], y1 = tables.Y.I1[j], z0 = tables.Z.I0[k], z1 = tables.Z.I1[k];
            float fy = tables.Y.F[j], fz = tables.Z.F[k];
            int r00 = ((z0 * s.Y) + y0) * s.X, r01 = ((z0 * s.Y) + y1) * s.X, r10 = ((z1 * s.Y) + y0) * s.X, r11 = ((z1 * s.Y) + y1) * s.X;
            for (int i = 0; i < t.X; i++)
            {
                if (!ax.Inside[i])
                {
                    output[baseIndex + i] = fill;
                    continue;
                }

                int x0 = ax.I0[i], x1 = ax.I1[i];
                float fx = ax.F[i];
                float c00 = source[r00 + x0] + (fx * (source[r00 + x1] - source[r00 + x0]));
                float c01 = source[r01 + x0] + (fx * (source[r01 + x1] - source[r01 + x0]));
                float c10 = source[r10 + x0] + (fx * (source[r10 + x1] - source[r10 + x0]));
                float c11 = source[r11 + x0] + (fx * (source[r11 + x1] - source[r11 + x0]));
                float c0 = c00 + (fy * (c01 - c00));
                float c1 = c10 + (fy * (c11 - c10));
                output[baseIndex + i] = c0 + (fz * (c1 - c0));
            }
        });
    }

    private static void NearestSeparable(byte[] source, GridSize s, GridSize t, AxisTables tables, byte[] output)
    {
        Parallel.For(0, t.Y * t.Z, row =>
        {
            int j = row % t.Y, k = row / t.Y;
            int y = tables.Y.Nearest[j], z = tables.Z.Nearest[k];
            if (y < 0 || z < 0)
            {
                return;
            }

            int sourceRow = ((z * s.Y) + y) * s.X, baseIndex = row * t.X;
            var nx = tables.X.Nearest;
            for (int i = 0; i < t.X; i++)
            {
                if (nx[i] >= 0)
                {
                    output[baseIndex + i] = source[sourceRow + nx[i]];
                }
            }
        });
    }
}
