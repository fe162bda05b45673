using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Segmentation.Tests.Volumes;

public class MorphologyTests
{
    private static byte[] Naive(byte[] mask, GridSize s, int rx, int ry, int rz, bool dilate, bool outsideFg)
    {
        var output = new byte[mask.Length];
        for (int z = 0; z < s.Z; z++)
        {
            for (int y = 0; y < s.Y; y++)
            {
                for (int x = 0; x < s.X; x++)
                {
                    bool any = false, all = true;
                    for (int dz = -rz; dz <= rz; dz++)
                    {
                        for (int dy = -ry; dy <= ry; dy++)
                        {
                            for (int dx = -rx; dx <= rx; dx++)
                            {
                                bool on = s.Contains(x + dx, y + dy, z + dz) ? mask[s.Index(x + dx, y + dy, z + dz)] != 0 : outsideFg;
                                any |= on;
                                all &= on;
                            }
                        }
                    }

                    output[s.Index(x, y, z)] = (dilate ? any : all) ? (byte)1 : (byte)0;
                }
            }
        }

        return output;
    }

    // Closing of the mask on an infinite background: erosion over dilated values, dilation evaluated beyond the grid too.
    private static byte[] NaiveClose(byte[] mask, GridSize s, int rx, int ry, int rz)
    {
        bool DilatedAt(int x, int y, int z)
        {
            for (int dz = -rz; dz <= rz; dz++)
            {
                for (int dy = -ry; dy <= ry; dy++)
                {
                    for (int dx = -rx; dx <= rx; dx++)
                    {
                        if (s.Contains(x + dx, y + dy, z + dz) && mask[s.Index(x + dx, y + dy, z + dz)] != 0)
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        var output = new byte[mask.Length];
        for (int z = 0; z < s.Z; z++)
        {
            for (int y = 0; y < s.Y; y++)
            {
                for (int x = 0; x < s.X; x++)
                {
                    bool all = true;
                    for (int dz = -rz; dz <= rz && all; dz++)
                    {
                        for (int dy = -ry; dy <= ry && all; dy++)
                        {
                            for (int dx = -rx; dx <= rx && all; dx++)
                            {
                                all &= DilatedAt(x + dx, y + dy, z + dz);
                            }
                        }
                    }

                    output[s.Index(x, y, z)] = all ? (byte)1 : (byte)0;
                }
            }
        }

        return output;
    }

    [Fact]
    public void Dilate_SingleVoxel_GrowsToTheBox()
    {
        var s = new GridSize(7, 7, 7);
        var mask = new byte[s.VoxelCount];
        mask[s.Index(3, 3, 3)] = 1;
        var dilated = Morphology.Dilate(mask, s, 1, 2, 0);
        Assert.Equal(3 * 5 * 1, dilated.Count(b => b == 1));
        Assert.Equal(1, dilated[s.Index(4, 5, 3)]);
        Assert.Equal(0, dilated[s.Index(4, 5, 4)]);
    }

    [Fact]
    public void DilateErodeClose_RandomMasks_MatchNaiveReference()
    {
        var rng = new Random(11);
        var s = new GridSize(9, 8, 6);
        for (int trial = 0; trial < 4; trial++)
        {
            var mask = new byte[s.VoxelCount];
            for (int v = 0; v < mask.Length; v++)
            {
                mask[v] = rng.NextDouble() < (trial % 2 == 0 ? 0.15 : 0.8) ? (byte)1 : (byte)0;
            }

            var (rx, ry, rz) = (trial % 3, 1 + (trial % 2), trial == 3 ? 7 : 1);
            Assert.Equal(Naive(mask, s, rx, ry, rz, true, false), Morphology.Dilate(mask, s, rx, ry, rz));
            Assert.Equal(Naive(mask, s, rx, ry, rz, false, false), Morphology.Erode(mask, s, rx, ry, rz));
            Assert.Equal(Naive(mask, s, rx, ry, rz, false, true), Morphology.Erode(mask, s, rx, ry, rz, outsideIsForeground: true));
            var closed = Morphology.Close(mask, s, rx, ry, rz);
            Assert.Equal(NaiveClose(mask, s, rx, ry, rz), closed);
            Assert.All(Enumerable.Range(0, mask.Length).Where(v => mask[v] != 0), v => Assert.Equal(1, closed[v]));
        }
    }

    [Fact]
    public void Close_OneVoxelGapInBar_IsBridged()
    {
        var s = new GridSize(9, 3, 3);
        var mask = new byte[s.VoxelCount];
        for (int x = 1; x < 8; x++)
        {
            mask[s.Index(x, 1, 1)] = x == 4 ? (byte)0 : (byte)1;
        }

        var closed = Morphology.Close(mask, s, 1, 0, 0);
        Assert.Equal(1, closed[s.Index(4, 1, 1)]);
        Assert.Equal(7, closed.Count(b => b == 1));
    }

    [Fact]
    public void RadiusInVoxels_AnisotropicSpacing_FollowsEachAxis()
    {
        var g = VolumeGeometry.Axial(new GridSize(2, 2, 2), new Vec3(0.8, 0.8, 2.5));
        Assert.Equal((6, 6, 2), Morphology.RadiusInVoxels(g, 5));
    }
}
