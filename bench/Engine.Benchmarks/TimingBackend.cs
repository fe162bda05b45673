using System.Diagnostics;
using System.Globalization;
using DicomSegNode.Segmentation.Backends;
using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Engine.Benchmarks;

/// <summary>Wraps a backend and adds up the wall time of each op kind (for `compare --profile`).</summary>
internal sealed class TimingBackend(IComputeBackend inner) : IComputeBackend
{
    private readonly Dictionary<string, (double Seconds, int Calls)> _times = [];

    public string Name => inner.Name;

    public int Threads => inner.Threads;

    public TensorPool Pool => inner.Pool;

    public bool Supports(OpKind op) => inner.Supports(op);

    public long ConvolutionWorkspaceBytes(ConvolutionParams p, TensorShape x) => inner.ConvolutionWorkspaceBytes(p, x);

    public long TransposedConvolutionWorkspaceBytes(TransposedConvolutionParams p, TensorShape x) => inner.TransposedConvolutionWorkspaceBytes(p, x);

    public IPreparedConvolution PrepareConvolution(ConvolutionParams p, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias) => inner.PrepareConvolution(p, weight, bias);

    public IPreparedTransposedConvolution PrepareTransposedConvolution(TransposedConvolutionParams p, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias) => inner.PrepareTransposedConvolution(p, weight, bias);

    public void Convolution(IPreparedConvolution conv, Tensor x, Tensor y, Tensor? residual = null, Activation activation = Activation.None)
        => Time($"conv k{conv.Params.Kernel.W} {conv.Params.InChannels}->{conv.Params.OutChannels} @{x.Shape.W}", () => inner.Convolution(conv, x, y, residual, activation));

    public void TransposedConvolution(IPreparedTransposedConvolution conv, Tensor x, Tensor y) => Time($"tconv @{y.Shape.W}", () => inner.TransposedConvolution(conv, x, y));

    public void MaxPool(MaxPoolParams p, Tensor x, Tensor y) => Time("maxpool", () => inner.MaxPool(p, x, y));

    public void Relu(Tensor x, Tensor y) => Time("relu", () => inner.Relu(x, y));

    public void Sigmoid(Tensor x, Tensor y) => Time("sigmoid", () => inner.Sigmoid(x, y));

    public void Softmax(Tensor x, Tensor y) => Time("softmax", () => inner.Softmax(x, y));

    public void Add(Tensor a, Tensor b, Tensor y) => Time("add", () => inner.Add(a, b, y));

    public void Multiply(Tensor a, Tensor b, Tensor y) => Time("multiply", () => inner.Multiply(a, b, y));

    public void Concat(IReadOnlyList<Tensor> inputs, Tensor y) => Time("concat", () => inner.Concat(inputs, y));

    public void Reset() => _times.Clear();

    public void Print()
    {
        foreach (var (name, (s, calls)) in _times.OrderByDescending(kv => kv.Value.Seconds))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-28} {s * 1000,9:F1} ms  x{calls}"));
        }
    }

    public void Dispose() => inner.Dispose();

    private void Time(string name, Action op)
    {
        long t0 = Stopwatch.GetTimestamp();
        op();
        double s = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        _times[name] = _times.TryGetValue(name, out var v) ? (v.Seconds + s, v.Calls + 1) : (s, 1);
    }
}
