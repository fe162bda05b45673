namespace DicomSegNode.Segmentation.Ops;

/// <summary>A per-axis triple (depth, height, width): kernel sizes, strides, paddings, dilations.</summary>
public readonly record struct Int3(int D, int H, int W)
{
    /// <summary>The same value on all three axes.</summary>
    public static Int3 All(int v) => new(v, v, v);

    /// <summary>For 2D ops: 1 along depth (or <paramref name="depth"/>), <paramref name="v"/> in-plane.</summary>
    public static Int3 Plane(int v, int depth = 1) => new(depth, v, v);

    /// <summary>D * H * W.</summary>
    public int Volume => D * H * W;

    /// <inheritdoc/>
    public override string ToString() => $"({D}, {H}, {W})";
}
