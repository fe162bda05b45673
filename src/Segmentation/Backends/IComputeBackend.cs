using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Backends;

/// <summary>
/// The op-level interface every compute backend implements (CPU today, CUDA next). A model is built once
/// against a backend: weights go through <c>Prepare*</c> (the backend packs or uploads them in its own layout),
/// then each op is called with tensors whose shapes the caller has already inferred from the op's parameter
/// record. A backend says up front what it supports and how much scratch memory an op needs, as ggml's
/// <c>supports_op</c> and ONNX Runtime's prepare step do, so a caller can fall back or plan memory first.
/// </summary>
public interface IComputeBackend : IDisposable
{
    /// <summary>A short name for logs and metrics, with the kernel flavour (e.g. "cpu-avx512").</summary>
    string Name { get; }

    /// <summary>Worker threads the backend uses.</summary>
    int Threads { get; }

    /// <summary>The pool this backend's callers should rent intermediate tensors from.</summary>
    TensorPool Pool { get; }

    /// <summary>Whether the backend implements <paramref name="op"/> for tensors of rank 5 (NCDHW) float32.</summary>
    bool Supports(OpKind op);

    /// <summary>Scratch bytes (beyond input and output) a convolution of input <paramref name="x"/> needs.</summary>
    long ConvolutionWorkspaceBytes(ConvolutionParams p, TensorShape x);

    /// <summary>Scratch bytes a transposed convolution of input <paramref name="x"/> needs.</summary>
    long TransposedConvolutionWorkspaceBytes(TransposedConvolutionParams p, TensorShape x);

    /// <summary>Packs a convolution's weights [K, C, kD, kH, kW] and optional bias [K] for this backend.</summary>
    IPreparedConvolution PrepareConvolution(ConvolutionParams p, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias);

    /// <summary>Packs a transposed convolution's weights [C, K, kD, kH, kW] and optional bias [K].</summary>
    IPreparedTransposedConvolution PrepareTransposedConvolution(TransposedConvolutionParams p, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias);

    /// <summary>y = act(conv(x) + bias + residual); residual (optional) has y's shape.</summary>
    void Convolution(IPreparedConvolution conv, Tensor x, Tensor y, Tensor? residual = null, Activation activation = Activation.None);

    /// <summary>y = conv_transpose(x) + bias.</summary>
    void TransposedConvolution(IPreparedTransposedConvolution conv, Tensor x, Tensor y);

    /// <summary>y = max_pool(x).</summary>
    void MaxPool(MaxPoolParams p, Tensor x, Tensor y);

    /// <summary>y = max(x, 0); y may be x.</summary>
    void Relu(Tensor x, Tensor y);

    /// <summary>y = 1 / (1 + exp(-x)); y may be x.</summary>
    void Sigmoid(Tensor x, Tensor y);

    /// <summary>Softmax over the channel axis at every position; y may be x.</summary>
    void Softmax(Tensor x, Tensor y);

    /// <summary>y = a + b with broadcasting.</summary>
    void Add(Tensor a, Tensor b, Tensor y);

    /// <summary>y = a * b with broadcasting.</summary>
    void Multiply(Tensor a, Tensor b, Tensor y);

    /// <summary>y = concatenation of <paramref name="inputs"/> along channels.</summary>
    void Concat(IReadOnlyList<Tensor> inputs, Tensor y);

    /// <summary>
    /// Hands <paramref name="t"/> to host code: afterwards its buffer holds its current elements and may be read or
    /// overwritten. A device backend keeps op outputs on the device and copies back only here; call it before
    /// reading an op's output and before filling a rented buffer. Host-memory backends have nothing to do.
    /// </summary>
    void ToHost(Tensor t)
    {
    }
}
