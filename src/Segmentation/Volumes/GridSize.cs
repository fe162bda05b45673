namespace DicomSegNode.Segmentation.Volumes;

/// <summary>Voxel counts along the three grid axes: X = columns, Y = rows, Z = slices. Voxels are stored
/// X fastest: index = (z * Y + y) * X + x.</summary>
public readonly record struct GridSize
{
    /// <summary>The largest voxel count a volume may have: one .NET array (2^31 - 1 elements).</summary>
    public const long MaxVoxels = int.MaxValue;

    public GridSize(int x, int y, int z)
    {
        if (x <= 0 || y <= 0 || z <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), FormattableString.Invariant($"Grid size must be positive, got {x}x{y}x{z}."));
        }

        if ((long)x * y * z > MaxVoxels)
        {
            throw new ArgumentOutOfRangeException(nameof(x), FormattableString.Invariant($"Grid {x}x{y}x{z} exceeds {MaxVoxels} voxels."));
        }

        X = x;
        Y = y;
        Z = z;
    }

    public int X { get; }

    public int Y { get; }

    public int Z { get; }

    public int VoxelCount => X * Y * Z;

    public int SliceVoxels => X * Y;

    public int this[int axis] => axis switch
    {
        0 => X,
        1 => Y,
        2 => Z,
        _ => throw new ArgumentOutOfRangeException(nameof(axis)),
    };

    public int Index(int x, int y, int z) => (((z * Y) + y) * X) + x;

    public bool Contains(int x, int y, int z) => (uint)x < (uint)X && (uint)y < (uint)Y && (uint)z < (uint)Z;

    public override string ToString() => FormattableString.Invariant($"{X}x{Y}x{Z}");
}
