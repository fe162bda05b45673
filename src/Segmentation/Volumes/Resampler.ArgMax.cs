namespace DicomSegNode.Segmentation.Volumes;

public static partial class Resampler
{
    /// <summary>
    /// Resamples per-class probability maps (<paramref name="probabilities"/> = [classes, Z, Y, X] on
    /// <paramref name="source"/>) trilinearly onto <paramref name="target"/> and returns the most probable class per
    /// target voxel (ties go to the lower class), without holding the resampled maps: one label array is all the
    /// memory it takes, however many classes. Beyond the source grid the label is 0 (background).
    /// </summary>
    public static byte[] ArgMaxTrilinear(float[] probabilities, int classes, VolumeGeometry source, VolumeGeometry target)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (classes < 1 || classes > 255 || (long)classes * source.Size.VoxelCount != probabilities.Length)
        {
            throw new ArgumentException($"{probabilities.Length} values are not {classes} maps of a {source.Size} grid.", nameof(probabilities));
        }

        var output = new byte[target.Size.VoxelCount];
        var map = IndexMap.Between(source, target);
        var s = source.Size;
        var t = target.Size;
        int classStride = s.VoxelCount;
        var tables = AxisTables.TryCreate(map, s, t);
        Parallel.For(0, t.Y * t.Z, row =>
        {
            int j = row % t.Y, k = row / t.Y;
            var start = map.Start(j, k);
            int baseIndex = row * t.X;
            for (int i = 0; i < t.X; i++)
            {
                int x0, x1, y0, y1, z0, z1;
                float fx, fy, fz;
                if (tables is not null)
                {
                    // Parallel axes: the weights come from per-axis tables.
                    if (!tables.X.Inside[i] || !tables.Y.Inside[j] || !tables.Z.Inside[k])
                    {
                        continue;
                    }

                    (x0, x1, fx) = (tables.X.I0[i], tables.X.I1[i], tables.X.F[i]);
                    (y0, y1, fy) = (tables.Y.I0[j], tables.Y.I1[j], tables.Y.F[j]);
                    (z0, z1, fz) = (tables.Z.I0[k], tables.Z.I1[k], tables.Z.F[k]);
                }
                else
                {
                    var p = start + (map.StepX * i);
                    if (!Inside(p.X, s.X) || !Inside(p.Y, s.Y) || !Inside(p.Z, s.Z))
                    {
                        continue;
                    }

                    Split(p.X, s.X, out x0, out x1, out fx);
                    Split(p.Y, s.Y, out y0, out y1, out fy);
                    Split(p.Z, s.Z, out z0, out z1, out fz);
                }

                int r00 = ((z0 * s.Y) + y0) * s.X, r01 = ((z0 * s.Y) + y1) * s.X, r10 = ((z1 * s.Y) + y0) * s.X, r11 = ((z1 * s.Y) + y1) * s.X;
                float w000 = (1 - fx) * (1 - fy) * (1 - fz), w100 = fx * (1 - fy) * (1 - fz);
                float w010 = (1 - fx) * fy * (1 - fz), w110 = fx * fy * (1 - fz);
                float w001 = (1 - fx) * (1 - fy) * fz, w101 = fx * (1 - fy) * fz;
                float w011 = (1 - fx) * fy * fz, w111 = fx * fy * fz;
                float best = float.NegativeInfinity;
                byte label = 0;
                for (int c = 0; c < classes; c++)
                {
                    int o = c * classStride;
                    float v = (w000 * probabilities[o + r00 + x0]) + (w100 * probabilities[o + r00 + x1])
                        + (w010 * probabilities[o + r01 + x0]) + (w110 * probabilities[o + r01 + x1])
                        + (w001 * probabilities[o + r10 + x0]) + (w101 * probabilities[o + r10 + x1])
                        + (w011 * probabilities[o + r11 + x0]) + (w111 * probabilities[o + r11 + x1]);
                    if (v > best)
                    {
                        best = v;
                        label = (byte)c;
                    }
                }

                output[baseIndex + i] = label;
            }
        });
        return output;
    }
}
