using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Backends.Cpu;

/// <summary>
/// The CPU backend: implicit-GEMM convolutions on AVX-512 / AVX2+FMA / 128-bit register tiles, threads over all
/// cores, vectorised element-wise ops. One dispatch point; one file per op family.
/// </summary>
public sealed class CpuBackend : IComputeBackend
{
    /// <summary>A CPU backend with <paramref name="threads"/> workers (0 = all cores) and the given kernel ISA.</summary>
    public CpuBackend(int threads = 0, CpuIsa isa = CpuIsa.Auto)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        Threads = threads == 0 ? Environment.ProcessorCount : threads;
        Isa = CpuIsaSupport.Resolve(isa);
    }

    /// <summary>The resolved kernel ISA.</summary>
    public CpuIsa Isa { get; }

    /// <inheritdoc/>
    public string Name => "cpu-" + Isa.ToString().ToLowerInvariant();

    /// <inheritdoc/>
    public int Threads { get; }

    /// <inheritdoc/>
    public TensorPool Pool { get; } = new();

    /// <inheritdoc/>
    public bool Supports(OpKind op) => Enum.IsDefined(op);

    /// <inheritdoc/>
    public long ConvolutionWorkspaceBytes(ConvolutionParams p, TensorShape x)
    {
        ArgumentNullException.ThrowIfNull(p);
        p.OutputShape(x);
        bool shifted = p.Stride == Int3.All(1);
        long padded = shifted && p.Padding != Int3.All(0)
            ? (long)x.C * (x.D + (2 * p.Padding.D)) * (x.H + (2 * p.Padding.H)) * (x.W + (2 * p.Padding.W)) * sizeof(float)
            : 0;

        // Per-thread gathered panels (at most the L2-sized tile of 16 panels of 48 columns).
        long panels = (long)Threads * p.InChannels * p.Kernel.Volume * 16 * 48 * sizeof(float);
        return padded + (shifted ? 0 : panels);
    }

    /// <inheritdoc/>
    public long TransposedConvolutionWorkspaceBytes(TransposedConvolutionParams p, TensorShape x)
    {
        ArgumentNullException.ThrowIfNull(p);
        p.OutputShape(x);
        return (long)p.OutChannels * p.Kernel.Volume * x.Spatial * sizeof(float);
    }

    /// <inheritdoc/>
    public IPreparedConvolution PrepareConvolution(ConvolutionParams p, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias)
        => new CpuConvolution(p, weight, bias);

    /// <inheritdoc/>
    public IPreparedTransposedConvolution PrepareTransposedConvolution(TransposedConvolutionParams p, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias)
        => new CpuTransposedConvolution(p, weight, bias);

    /// <inheritdoc/>
    public void Convolution(IPreparedConvolution conv, Tensor x, Tensor y, Tensor? residual = null, Activation activation = Activation.None)
    {
        if (conv is not CpuConvolution cpu)
        {
            throw new ArgumentException("the convolution was prepared by another backend", nameof(conv));
        }

        cpu.Run(x, y, residual, activation, Isa, Threads, Pool);
    }

    /// <inheritdoc/>
    public void TransposedConvolution(IPreparedTransposedConvolution conv, Tensor x, Tensor y)
    {
        if (conv is not CpuTransposedConvolution cpu)
        {
            throw new ArgumentException("the transposed convolution was prepared by another backend", nameof(conv));
        }

        cpu.Run(x, y, Isa, Threads, Pool);
    }

    /// <inheritdoc/>
    public void MaxPool(MaxPoolParams p, Tensor x, Tensor y) => CpuPooling.MaxPool(p, x, y, Threads);

    /// <inheritdoc/>
    public void Relu(Tensor x, Tensor y) => CpuElementwise.Unary(x, y, OpKind.Relu, Threads);

    /// <inheritdoc/>
    public void Sigmoid(Tensor x, Tensor y) => CpuElementwise.Unary(x, y, OpKind.Sigmoid, Threads);

    /// <inheritdoc/>
    public void Softmax(Tensor x, Tensor y) => CpuSoftmax.Run(x, y, Threads);

    /// <inheritdoc/>
    public void Add(Tensor a, Tensor b, Tensor y) => CpuElementwise.Binary(a, b, y, OpKind.Add);

    /// <inheritdoc/>
    public void Multiply(Tensor a, Tensor b, Tensor y) => CpuElementwise.Binary(a, b, y, OpKind.Multiply);

    /// <inheritdoc/>
    public void Concat(IReadOnlyList<Tensor> inputs, Tensor y) => CpuElementwise.Concat(inputs, y);

    /// <inheritdoc/>
    public void Dispose()
    {
        // Buffers are managed arrays; nothing native to release.
    }
}
