namespace DicomSegNode.Segmentation.Tensors;

/// <summary>
/// The shape of a dense float32 tensor in NCDHW order: batch, channels, depth, height, width.
/// A 2D tensor (NCHW) is stored with <see cref="D"/> = 1 so that every kernel sees five axes.
/// </summary>
public readonly record struct TensorShape
{
    /// <summary>Creates a shape; every extent must be positive.</summary>
    public TensorShape(int n, int c, int d, int h, int w)
    {
        if (n < 1 || c < 1 || d < 1 || h < 1 || w < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(n), $"tensor extents must be positive, got [{n}, {c}, {d}, {h}, {w}]");
        }

        long length = (long)n * c * d * h * w;
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(n), $"tensor [{n}, {c}, {d}, {h}, {w}] has {length} elements, more than one buffer can hold");
        }

        N = n;
        C = c;
        D = d;
        H = h;
        W = w;
    }

    /// <summary>Batch size.</summary>
    public int N { get; }

    /// <summary>Channels.</summary>
    public int C { get; }

    /// <summary>Depth (1 for 2D tensors).</summary>
    public int D { get; }

    /// <summary>Height.</summary>
    public int H { get; }

    /// <summary>Width.</summary>
    public int W { get; }

    /// <summary>Elements of one channel plane: D * H * W.</summary>
    public int Spatial => D * H * W;

    /// <summary>All elements: N * C * D * H * W.</summary>
    public int Length => N * C * D * H * W;

    /// <summary>The same shape with another channel count.</summary>
    public TensorShape WithChannels(int c) => new(N, c, D, H, W);

    /// <inheritdoc/>
    public override string ToString() => $"[{N}, {C}, {D}, {H}, {W}]";
}
