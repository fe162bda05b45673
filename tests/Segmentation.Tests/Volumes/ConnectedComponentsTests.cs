using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Segmentation.Tests.Volumes;

public class ConnectedComponentsTests
{
    private static byte[] MaskOf(GridSize s, params (int X, int Y, int Z)[] voxels)
    {
        var mask = new byte[s.VoxelCount];
        foreach (var (x, y, z) in voxels)
        {
            mask[s.Index(x, y, z)] = 1;
        }

        return mask;
    }

    [Fact]
    public void Label_DiagonalNeighbours_AreOneComponentOnlyWith26Connectivity()
    {
        var s = new GridSize(4, 4, 4);
        var mask = MaskOf(s, (1, 1, 1), (2, 2, 2), (2, 2, 1));
        // (1,1,1)-(2,2,1) touch by an edge; (2,2,1)-(2,2,2) by a face.
        Assert.Equal(2, ConnectedComponents.Label(mask, s, Connectivity.Six).Count);
        Assert.Equal(1, ConnectedComponents.Label(mask, s, Connectivity.TwentySix).Count);

        var corner = MaskOf(s, (0, 0, 0), (1, 1, 1));
        Assert.Equal(2, ConnectedComponents.Label(corner, s, Connectivity.Six).Count);
        Assert.Equal(1, ConnectedComponents.Label(corner, s, Connectivity.TwentySix).Count);
    }

    [Fact]
    public void Label_UShapeJoinedInLaterRow_IsOneComponentWithAllVoxels()
    {
        // Two prongs that only meet at the bottom row: union-find must merge labels met earlier as separate.
        var s = new GridSize(5, 4, 1);
        var mask = MaskOf(s, (0, 0, 0), (0, 1, 0), (0, 2, 0), (4, 0, 0), (4, 1, 0), (4, 2, 0), (0, 3, 0), (1, 3, 0), (2, 3, 0), (3, 3, 0), (4, 3, 0));
        var labelling = ConnectedComponents.Label(mask, s, Connectivity.Six);
        Assert.Equal(1, labelling.Count);
        Assert.Equal(11, labelling.VoxelCount(0));
    }

    [Fact]
    public void KeepLargest_ThreeBlobs_KeepsOnlyTheBiggest()
    {
        var s = new GridSize(10, 10, 10);
        var mask = new byte[s.VoxelCount];
        void Cube(int x0, int y0, int z0, int n)
        {
            for (int z = z0; z < z0 + n; z++)
            {
                for (int y = y0; y < y0 + n; y++)
                {
                    for (int x = x0; x < x0 + n; x++)
                    {
                        mask[s.Index(x, y, z)] = 7;
                    }
                }
            }
        }

        Cube(0, 0, 0, 2);
        Cube(4, 4, 4, 4);
        Cube(9, 0, 9, 1);
        var labelling = ConnectedComponents.Label(mask, s, Connectivity.TwentySix);
        Assert.Equal(3, labelling.Count);
        Assert.Equal(new long[] { 8, 64, 1 }, Enumerable.Range(0, 3).Select(labelling.VoxelCount));
        Assert.True(labelling.TouchesBorder(0));
        Assert.False(labelling.TouchesBorder(1));

        var largest = ConnectedComponents.KeepLargest(mask, s, Connectivity.TwentySix);
        Assert.Equal(64, largest.Count(b => b == 1));
        Assert.Equal(1, largest[s.Index(5, 5, 5)]);
        Assert.Equal(0, largest[s.Index(0, 0, 0)]);
    }

    [Fact]
    public void Label_RandomMasks_MatchesFloodFillReference()
    {
        var rng = new Random(7);
        var s = new GridSize(13, 11, 9);
        for (int trial = 0; trial < 6; trial++)
        {
            var mask = new byte[s.VoxelCount];
            for (int v = 0; v < mask.Length; v++)
            {
                mask[v] = rng.NextDouble() < 0.35 ? (byte)1 : (byte)0;
            }

            foreach (var conn in new[] { Connectivity.Six, Connectivity.TwentySix })
            {
                var labels = ConnectedComponents.Label(mask, s, conn).ToLabelArray();
                var reference = FloodFill(mask, s, conn);
                // Same partition: a bijection between label sets.
                var map = new Dictionary<int, int>();
                for (int v = 0; v < mask.Length; v++)
                {
                    if (map.TryGetValue(labels[v], out int r))
                    {
                        Assert.Equal(r, reference[v]);
                    }
                    else
                    {
                        map[labels[v]] = reference[v];
                    }
                }

                Assert.Equal(map.Count, map.Values.Distinct().Count());
            }
        }
    }

    internal static int[] FloodFill(byte[] mask, GridSize s, Connectivity conn)
    {
        var labels = new int[mask.Length];
        int next = 0;
        var stack = new Stack<int>();
        for (int v = 0; v < mask.Length; v++)
        {
            if (mask[v] == 0 || labels[v] != 0)
            {
                continue;
            }

            labels[v] = ++next;
            stack.Push(v);
            while (stack.Count > 0)
            {
                int u = stack.Pop();
                int x = u % s.X, y = u / s.X % s.Y, z = u / s.SliceVoxels;
                for (int dz = -1; dz <= 1; dz++)
                {
                    for (int dy = -1; dy <= 1; dy++)
                    {
                        for (int dx = -1; dx <= 1; dx++)
                        {
                            int manhattan = Math.Abs(dx) + Math.Abs(dy) + Math.Abs(dz);
                            if (manhattan == 0 || (conn == Connectivity.Six && manhattan > 1) || !s.Contains(x + dx, y + dy, z + dz))
                            {
                                continue;
                            }

                            int w = s.Index(x + dx, y + dy, z + dz);
                            if (mask[w] != 0 && labels[w] == 0)
                            {
                                labels[w] = next;
                                stack.Push(w);
                            }
                        }
                    }
                }
            }
        }

        return labels;
    }
}
