namespace DicomSegNode.Segmentation.Volumes;

/// <summary>
/// The 3D connected components of a mask, held as runs along X (one run = consecutive selected voxels of one row),
/// so that memory grows with the mask's outline rather than with the grid (a 512x512x600 grid holds 157 M voxels).
/// Made by <see cref="ConnectedComponents.Label"/>.
/// </summary>
public sealed class ComponentLabeling
{
    private readonly int[] _rowStart;
    private readonly int[] _runX0;
    private readonly int[] _runX1;
    private readonly int[] _componentOfRun;
    private readonly long[] _sizes;
    private readonly bool[] _touchesBorder;

    internal ComponentLabeling(GridSize size, int[] rowStart, int[] runX0, int[] runX1, int[] componentOfRun, long[] sizes, bool[] touchesBorder)
    {
        Size = size;
        _rowStart = rowStart;
        _runX0 = runX0;
        _runX1 = runX1;
        _componentOfRun = componentOfRun;
        _sizes = sizes;
        _touchesBorder = touchesBorder;
    }

    public GridSize Size { get; }

    /// <summary>The number of components; they are numbered 0..Count-1 in raster order of their first voxel.</summary>
    public int Count => _sizes.Length;

    /// <summary>The number of voxels of component <paramref name="component"/>.</summary>
    public long VoxelCount(int component) => _sizes[component];

    /// <summary>Whether the component reaches a face of the grid.</summary>
    public bool TouchesBorder(int component) => _touchesBorder[component];

    /// <summary>The component with the most voxels (the first in raster order on a tie), or -1 when there is none.</summary>
    public int Largest()
    {
        int best = -1;
        for (int c = 0; c < _sizes.Length; c++)
        {
            if (best < 0 || _sizes[c] > _sizes[best])
            {
                best = c;
            }
        }

        return best;
    }

    /// <summary>Sets every voxel of the components marked in <paramref name="selected"/> to <paramref name="value"/>.</summary>
    public void Paint(byte[] target, bool[] selected, byte value)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(selected);
        if (target.Length != Size.VoxelCount || selected.Length != Count)
        {
            throw new ArgumentException("Target or selection does not match this labelling.");
        }

        int width = Size.X;
        Parallel.For(0, Size.Y * Size.Z, row =>
        {
            for (int r = _rowStart[row]; r < _rowStart[row + 1]; r++)
            {
                if (selected[_componentOfRun[r]])
                {
                    target.AsSpan((row * width) + _runX0[r], _runX1[r] - _runX0[r] + 1).Fill(value);
                }
            }
        });
    }

    /// <summary>A full label array: 0 outside the mask, component index + 1 inside (for inspection and tests).</summary>
    public int[] ToLabelArray()
    {
        var labels = new int[Size.VoxelCount];
        int width = Size.X;
        Parallel.For(0, Size.Y * Size.Z, row =>
        {
            for (int r = _rowStart[row]; r < _rowStart[row + 1]; r++)
            {
                labels.AsSpan((row * width) + _runX0[r], _runX1[r] - _runX0[r] + 1).Fill(_componentOfRun[r] + 1);
            }
        });
        return labels;
    }
}
