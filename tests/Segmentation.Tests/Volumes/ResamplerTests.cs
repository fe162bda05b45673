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

    [Fact]
    public void Trilinear_WrongLength_Throws()
    {
        var g = VolumeGeometry.Axial(new GridSize(2, 2, 2), new Vec3(1, 1, 1));
        Assert.Throws<ArgumentException>(() => Resampler.Trilinear(new float[7], g, g, 0));
    }
}
