namespace DicomSegNode.Segmentation.Tensors;

/// <summary>
/// A dense float32 NCDHW tensor in host memory. The buffer may be longer than the shape
/// (it comes from a <see cref="TensorPool"/>); only the first <see cref="TensorShape.Length"/> elements count.
/// </summary>
public sealed class Tensor
{
    /// <summary>Wraps an existing buffer, which must hold at least <paramref name="shape"/>.Length elements.</summary>
    public Tensor(TensorShape shape, float[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Length < shape.Length)
        {
            throw new ArgumentException($"buffer of {buffer.Length} elements is too small for shape {shape}", nameof(buffer));
        }

        Shape = shape;
        Buffer = buffer;
    }

    /// <summary>Allocates a zeroed tensor.</summary>
    public Tensor(TensorShape shape)
        : this(shape, new float[shape.Length])
    {
    }

    /// <summary>The shape.</summary>
    public TensorShape Shape { get; }

    /// <summary>The backing buffer (possibly longer than the tensor).</summary>
    public float[] Buffer { get; }

    /// <summary>The tensor's elements.</summary>
    public Span<float> Span => Buffer.AsSpan(0, Shape.Length);

    /// <summary>One channel plane of one batch item.</summary>
    public Span<float> Plane(int n, int c) => Buffer.AsSpan(((n * Shape.C) + c) * Shape.Spatial, Shape.Spatial);
}
