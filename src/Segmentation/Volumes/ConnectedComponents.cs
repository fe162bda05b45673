namespace DicomSegNode.Segmentation.Volumes;

/// <summary>
/// 3D connected-component labelling by runs: rows are cut into runs in parallel, runs of neighbouring rows that touch
/// are joined with union-find, then components are numbered in raster order.
/// </summary>
public static class ConnectedComponents
{
    /// <summary>Labels the voxels whose "non-zero" state equals <paramref name="foreground"/>.</summary>
    public static ComponentLabeling Label(byte[] mask, GridSize size, Connectivity connectivity, bool foreground = true)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Length != size.VoxelCount)
        {
            throw new ArgumentException($"{mask.Length} voxels do not fill a {size} grid.", nameof(mask));
        }

        int rows = size.Y * size.Z, width = size.X;
        var rowStart = new int[rows + 1];
        Parallel.For(0, rows, row => rowStart[row + 1] = CountRuns(mask.AsSpan(row * width, width), foreground));
        long total = 0;
        for (int row = 1; row <= rows; row++)
        {
            total += rowStart[row];
            if (total > int.MaxValue)
            {
                throw new InvalidOperationException("Too many runs to label.");
            }

            rowStart[row] = (int)total;
        }

        var runX0 = new int[total];
        var runX1 = new int[total];
        Parallel.For(0, rows, row => FillRuns(mask.AsSpan(row * width, width), foreground, runX0, runX1, rowStart[row]));

        var parent = new int[total];
        for (int r = 0; r < parent.Length; r++)
        {
            parent[r] = r;
        }

        int reach = connectivity == Connectivity.TwentySix ? 1 : 0;
        for (int k = 0; k < size.Z; k++)
        {
            for (int j = 0; j < size.Y; j++)
            {
                int row = (k * size.Y) + j;
                if (rowStart[row] == rowStart[row + 1])
                {
                    continue;
                }

                if (j > 0)
                {
                    Join(row, row - 1, reach, rowStart, runX0, runX1, parent);
                }

                if (k > 0)
                {
                    int below = row - size.Y;
                    Join(row, below, reach, rowStart, runX0, runX1, parent);
                    if (connectivity == Connectivity.TwentySix)
                    {
                        if (j > 0)
                        {
                            Join(row, below - 1, reach, rowStart, runX0, runX1, parent);
                        }

                        if (j < size.Y - 1)
                        {
                            Join(row, below + 1, reach, rowStart, runX0, runX1, parent);
                        }
                    }
                }
            }
        }

        // Number roots in raster order of their first run, and gather sizes and border contact.
        var componentOfRun = new int[total];
        var idOfRoot = new int[total];
        Array.Fill(idOfRoot, -1);
        var sizes = new List<long>();
        var border = new List<bool>();
        for (int row = 0; row < rows; row++)
        {
            int j = row % size.Y, k = row / size.Y;
            bool borderRow = j == 0 || k == 0 || j == size.Y - 1 || k == size.Z - 1;
            for (int r = rowStart[row]; r < rowStart[row + 1]; r++)
            {
                int root = Find(parent, r);
                int id = idOfRoot[root];
                if (id < 0)
                {
                    id = idOfRoot[root] = sizes.Count;
                    sizes.Add(0);
                    border.Add(false);
                }

                componentOfRun[r] = id;
                sizes[id] += runX1[r] - runX0[r] + 1;
                if (borderRow || runX0[r] == 0 || runX1[r] == width - 1)
                {
                    border[id] = true;
                }
            }
        }

        return new ComponentLabeling(size, rowStart, runX0, runX1, componentOfRun, [.. sizes], [.. border]);
    }

    /// <summary>A 0/1 mask of the largest component of <paramref name="mask"/> (all zero when the mask is empty).</summary>
    public static byte[] KeepLargest(byte[] mask, GridSize size, Connectivity connectivity)
    {
        var labelling = Label(mask, size, connectivity);
        var output = new byte[size.VoxelCount];
        int largest = labelling.Largest();
        if (largest >= 0)
        {
            var selected = new bool[labelling.Count];
            selected[largest] = true;
            labelling.Paint(output, selected, 1);
        }

        return output;
    }

    private static int CountRuns(ReadOnlySpan<byte> line, bool foreground)
    {
        int count = 0;
        bool previous = false;
        foreach (byte b in line)
        {
            bool on = (b != 0) == foreground;
            if (on && !previous)
            {
                count++;
            }

            previous = on;
        }

        return count;
    }

    private static void FillRuns(ReadOnlySpan<byte> line, bool foreground, int[] runX0, int[] runX1, int next)
    {
        int start = -1;
        for (int x = 0; x < line.Length; x++)
        {
            bool on = (line[x] != 0) == foreground;
            if (on && start < 0)
            {
                start = x;
            }
            else if (!on && start >= 0)
            {
                runX0[next] = start;
                runX1[next++] = x - 1;
                start = -1;
            }
        }

        if (start >= 0)
        {
            runX0[next] = start;
            runX1[next] = line.Length - 1;
        }
    }

    // Runs a (this row) and b (neighbour row) touch when their X ranges overlap, widened by one for diagonal contact.
    private static void Join(int row, int other, int reach, int[] rowStart, int[] runX0, int[] runX1, int[] parent)
    {
        int a = rowStart[row], aEnd = rowStart[row + 1];
        int b = rowStart[other], bEnd = rowStart[other + 1];
        while (a < aEnd && b < bEnd)
        {
            if (runX0[b] <= runX1[a] + reach && runX1[b] + reach >= runX0[a])
            {
                Union(parent, a, b);
            }

            if (runX1[a] < runX1[b])
            {
                a++;
            }
            else
            {
                b++;
            }
        }
    }

    private static int Find(int[] parent, int x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }

        return x;
    }

    private static void Union(int[] parent, int a, int b)
    {
        int ra = Find(parent, a), rb = Find(parent, b);
        if (ra != rb)
        {
            // The smaller index becomes the root, so roots are stable and raster-ordered.
            if (ra < rb)
            {
                parent[rb] = ra;
            }
            else
            {
                parent[ra] = rb;
            }
        }
    }
}
