using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Segmentation.Tests.Volumes;

public class ResamplerTests
{
    private static float[] Ramp(GridSize s, Func<int, int, int, float> f)
    {
        var data = new float[s.VoxelCount];
        for (int k = 0; k < s.Z; k++)
        {
            for (int j = 0; j < s.Y; j++)
            {
                for (int i = 0; i < s.X; i++)
                {
                    data[s.Index(i, j, k)] = f(i, j, k);
                }
            }
        }

        return data;
    }

    [Fact]
    public void Trilinear_SameGrid_ReturnsInputExactly()
    {
        var g = VolumeGeometryTests.Oblique(new GridSize(5, 6, 7));
        var data = Ramp(g.Size, (i, j, k) => (i * 7) - (j * j) + (k * 100));
        Assert.Equal(data, Resampler.Trilinear(data, g, g, -1000));
    }

    [Fact]
    public void Trilinear_LinearFieldOntoFinerShiftedGrid_IsExactInside()
    {
        var s = new GridSize(6, 5, 4);
        var src = VolumeGeometry.Axial(s, new Vec3(2, 2, 3));
        var data = Ramp(s, (i, j, k) => (2 * i) + (3 * j) + (5 * k));
        // Target: 1 mm grid starting at (1, 1, 1.5) mm = source index (0.5, 0.5, 0.5).
        var dst = VolumeGeometry.Axial(new GridSize(8, 6, 6), new Vec3(1, 1, 1), new Vec3(1, 1, 1.5));
        var output = Resampler.Trilinear(data, src, dst, float.NaN);
        for (int k = 0; k < 6; k++)
        {
            for (int j = 0; j < 6; j++)
            {
                for (int i = 0; i < 8; i++)
                {
                    double x = (1 + i) / 2.0, y = (1 + j) / 2.0, z = (1.5 + k) / 3.0;
                    Assert.Equal((2 * x) + (3 * y) + (5 * z), output[dst.Size.Index(i, j, k)], 4);
                }
            }
        }
    }

    [Fact]
    public void Trilinear_BeyondHalfVoxel_GetsFillAndEdgeIsClamped()
    {
        var src = VolumeGeometry.Axial(new GridSize(2, 1, 1), new Vec3(1, 1, 1));
        float[] data = [10, 20];
        var dst = VolumeGeometry.Axial(new GridSize(4, 1, 1), new Vec3(0.5, 1, 1), new Vec3(-0.75, 0, 0));
        // Target x = -0.75 (outside), -0.25 (within half a voxel: edge), 0.25 (12.5), 0.75 (17.5).
        Assert.Equal(new float[] { -1, 10, 12.5f, 17.5f }, Resampler.Trilinear(data, src, dst, -1));
    }

    [Fact]
    public void Nearest_GridRotated90Degrees_PermutesLabels()
    {
        var s = new GridSize(3, 2, 1);
        var src = VolumeGeometry.Axial(s, new Vec3(1, 1, 1));
        byte[] labels = [1, 2, 3, 4, 5, 6];
        // Target axes: its X runs along patient +Y, its Y along patient -X; same voxel centres.
        var dst = new VolumeGeometry(new GridSize(2, 3, 1), new Vec3(2, 0, 0), new Vec3(1, 1, 1), new Vec3(0, 1, 0), new Vec3(-1, 0, 0), new Vec3(0, 0, 1));
        var output = Resampler.Nearest(labels, src, dst);
        // dst(i, j) is patient (2 - j, i): src index (2 - j, i).
        Assert.Equal(new byte[] { 3, 6, 2, 5, 1, 4 }, output);
    }

    [Fact]
    public void Nearest_DownsampleThenUpsample_KeepsLabelBlocks()
    {
        var s = new GridSize(8, 8, 8);
        var fine = VolumeGeometry.Axial(s, new Vec3(1, 1, 1));
        var labels = new byte[s.VoxelCount];
        for (int k = 0; k < 8; k++)
        {
            for (int j = 0; j < 8; j++)
            {
                for (int i = 0; i < 8; i++)
                {
                    labels[s.Index(i, j, k)] = (byte)((i / 2) + (4 * (j / 2)) + (16 * (k / 2)));
                }
            }
        }

        var coarse = fine.WithSpacing(new Vec3(2, 2, 2));
        var down = Resampler.Nearest(labels, fine, coarse);
        var up = Resampler.Nearest(down, coarse, fine);
        Assert.Equal(labels, up);
    }

    // Independent reference: every target voxel through PatientToIndex, then textbook trilinear with edge clamping.
    private static float[] NaiveTrilinear(float[] data, VolumeGeometry src, VolumeGeometry dst, float fill)
    {
        var s = src.Size;
        var output = new float[dst.Size.VoxelCount];
        for (int k = 0; k < dst.Size.Z; k++)
        {
            for (int j = 0; j < dst.Size.Y; j++)
            {
                for (int i = 0; i < dst.Size.X; i++)
                {
                    var c = src.PatientToIndex(dst.IndexToPatient(i, j, k));
                    if (c.X < -0.5 - 1e-6 || c.Y < -0.5 - 1e-6 || c.Z < -0.5 - 1e-6 || c.X > s.X - 0.5 + 1e-6 || c.Y > s.Y - 0.5 + 1e-6 || c.Z > s.Z - 0.5 + 1e-6)
                    {
                        output[dst.Size.Index(i, j, k)] = fill;
                        continue;
                    }

                    double x = Math.Clamp(c.X, 0, s.X - 1), y = Math.Clamp(c.Y, 0, s.Y - 1), z = Math.Clamp(c.Z, 0, s.Z - 1);
                    int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y), z0 = (int)Math.Floor(z);
                    double sum = 0;
                    for (int dz = 0; dz <= 1; dz++)
                    {
                        for (int dy = 0; dy <= 1; dy++)
                        {
                            for (int dx = 0; dx <= 1; dx++)
                            {
                                double w = (dx == 0 ? 1 - (x - x0) : x - x0) * (dy == 0 ? 1 - (y - y0) : y - y0) * (dz == 0 ? 1 - (z - z0) : z - z0);
                                if (w > 0)
                                {
                                    sum += w * data[s.Index(Math.Min(x0 + dx, s.X - 1), Math.Min(y0 + dy, s.Y - 1), Math.Min(z0 + dz, s.Z - 1))];
                                }
                            }
                        }
                    }

                    output[dst.Size.Index(i, j, k)] = (float)sum;
                }
            }
        }

        return output;
    }

    [Fact]
    public void Trilinear_AlignedAndObliqueTargets_MatchNaiveReference()
    {
        var rng = new Random(3);
        var src = VolumeGeometry.Axial(new GridSize(11, 9, 7), new Vec3(0.9, 1.1, 2.5), new Vec3(3, -2, 10));
        var data = Enumerable.Range(0, src.Size.VoxelCount).Select(_ => (float)rng.Next(-1000, 1000)).ToArray();
        var aligned = VolumeGeometry.Axial(new GridSize(17, 13, 9), new Vec3(0.7, 0.8, 2.1), new Vec3(2.2, -3.1, 8.7));
        var oblique = VolumeGeometryTests.Oblique(new GridSize(9, 8, 6)) with { };
        var obliqueHere = new VolumeGeometry(oblique.Size, new Vec3(4, 1, 12), new Vec3(1, 1, 1.5), oblique.AxisX, oblique.AxisY, oblique.AxisZ);
        foreach (var target in new[] { aligned, obliqueHere, src.WithSpacing(new Vec3(1.5, 1.5, 1.5)) })
        {
            var expected = NaiveTrilinear(data, src, target, -7);
            var actual = Resampler.Trilinear(data, src, target, -7);
            for (int v = 0; v < expected.Length; v++)
            {
                Assert.Equal(expected[v], actual[v], 2);
            }
        }
    }

    [Fact]
    public void Trilinear_WrongLength_Throws()
    {
        var g = VolumeGeometry.Axial(new GridSize(2, 2, 2), new Vec3(1, 1, 1));
        Assert.Throws<ArgumentException>(() => Resampler.Trilinear(new float[7], g, g, 0));
    }
}
