namespace DicomSegNode.Segmentation.Volumes;

/// <summary>An axis-aligned box of voxel indices, start inclusive, end exclusive.</summary>
public readonly record struct Box3(int X0, int Y0, int Z0, int X1, int Y1, int Z1)
{
    public bool IsEmpty => X1 <= X0 || Y1 <= Y0 || Z1 <= Z0;

    public GridSize Size => new(X1 - X0, Y1 - Y0, Z1 - Z0);

    public static Box3 Of(GridSize size) => new(0, 0, 0, size.X, size.Y, size.Z);

    /// <summary>This box grown by the given number of voxels on every side, then clipped to <paramref name="bounds"/>.</summary>
    public Box3 Expand(int mx, int my, int mz, GridSize bounds) => new(
        Math.Max(0, X0 - mx), Math.Max(0, Y0 - my), Math.Max(0, Z0 - mz),
        Math.Min(bounds.X, X1 + mx), Math.Min(bounds.Y, Y1 + my), Math.Min(bounds.Z, Z1 + mz));

    public bool Contains(int x, int y, int z) => x >= X0 && x < X1 && y >= Y0 && y < Y1 && z >= Z0 && z < Z1;

    public override string ToString() => FormattableString.Invariant($"[{X0}..{X1}) x [{Y0}..{Y1}) x [{Z0}..{Z1})");
}
