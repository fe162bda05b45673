using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Segmentation.Tests.Volumes;

public class HoleFillingTests
{
    private static byte[] HollowCube(GridSize s, int x0, int n, bool openTop)
    {
        var mask = new byte[s.VoxelCount];
        for (int z = x0; z < x0 + n; z++)
        {
            for (int y = x0; y < x0 + n; y++)
            {
                for (int x = x0; x < x0 + n; x++)
                {
                    bool shell = x == x0 || y == x0 || z == x0 || x == x0 + n - 1 || y == x0 + n - 1 || z == x0 + n - 1;
                    mask[s.Index(x, y, z)] = shell ? (byte)1 : (byte)0;
                }
            }
        }

        if (openTop)
        {
            // A tunnel from the cavity through the top face to the grid's border.
            for (int z = x0 + n - 1; z < s.Z; z++)
            {
                mask[s.Index(x0 + (n / 2), x0 + (n / 2), z)] = 0;
            }
        }

        return mask;
    }

    [Fact]
    public void Fill_ClosedShell_FillsTheCavity()
    {
        var s = new GridSize(8, 8, 8);
        var filled = HoleFilling.Fill(HollowCube(s, 1, 5, openTop: false), s);
        Assert.Equal(125, filled.Count(b => b == 1));
    }

    [Fact]
    public void Fill_CavityOpenToTheBorder_IsNotFilled()
    {
        var s = new GridSize(8, 8, 8);
        var mask = HollowCube(s, 1, 5, openTop: true);
        Assert.Equal(mask.Count(b => b != 0), HoleFilling.Fill(mask, s).Count(b => b == 1));
    }

    [Fact]
    public void Fill_DiagonalOnlyLeak_StillFillsBecauseBackgroundIs6Connected()
    {
        // Slice 1 holds a ring closed only by diagonal steps, slices 0 and 2 are full caps: the centre voxel of slice 1
        // is enclosed because 6-connected background cannot leak through a diagonal.
        var s = new GridSize(5, 5, 3);
        var mask = new byte[s.VoxelCount];
        mask.AsSpan(0, 25).Fill(1);
        mask.AsSpan(50, 25).Fill(1);
        foreach (var (x, y) in new[] { (1, 0), (0, 1), (2, 1), (1, 2) })
        {
            mask[s.Index(x, y, 1)] = 1;
        }

        var filled = HoleFilling.Fill(mask, s);
        Assert.Equal(1, filled[s.Index(1, 1, 1)]);
        Assert.Equal(55, filled.Count(b => b == 1));
    }
}
