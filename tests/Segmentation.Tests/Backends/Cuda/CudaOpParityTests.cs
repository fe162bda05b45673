using DicomSegNode.Segmentation.Backends.Cpu;
using DicomSegNode.Segmentation.Backends.Cuda;
using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Tests.Backends.Cuda;

/// <summary>
/// Every op of the CUDA backend against the CPU backend (itself tested against the scalar reference), on a GPU;
/// skipped visibly, with the probe's reason, where there is none. Strict float32 (TF32 off, CUDNN_FMA_MATH,
/// cuBLAS pedantic math). Tolerance: 1e-6 * K + 1e-6 absolute for a K-term dot product, as the CPU tests: both
/// sides round each product-sum in float32 in a different order; a wrong tap or layout errs by ~0.1.
/// </summary>
public sealed class CudaOpParityTests : IDisposable
{
    private readonly CpuBackend _cpu = new(threads: 2);
    private readonly CudaBackend? _gpu = CudaProbe.Probe().IsAvailable ? new CudaBackend() : null;

    private CudaBackend Gpu => _gpu ?? throw new InvalidOperationException("no GPU");

    private static readonly (TensorShape X, ConvolutionParams P)[] ConvCases =
    [
        (new(1, 5, 5, 6, 7), ConvolutionParams.Same(5, 7, Int3.All(3), Int3.All(1))),
        (new(2, 3, 7, 9, 11), new(3, 4, Int3.All(3), Int3.All(1), Int3.All(0), Int3.All(2))),
        (new(2, 3, 5, 7, 9), new(3, 5, new(2, 3, 1), new(2, 1, 3), new(1, 0, 0), Int3.All(1))),
        (new(1, 2, 1, 13, 17), ConvolutionParams.Same(2, 3, Int3.Plane(3), new(0, 1, 1))),
        (new(1, 6, 3, 4, 5), ConvolutionParams.Same(6, 9, Int3.All(1), Int3.All(0))),
        (new(2, 16, 8, 16, 16), ConvolutionParams.Same(16, 8, Int3.All(1), Int3.All(0))),
        (new(1, 8, 16, 32, 32), ConvolutionParams.Same(8, 8, Int3.All(3), Int3.All(1))),
    ];

    public static TheoryData<int, Activation, bool> ConvMatrix()
    {
        var data = new TheoryData<int, Activation, bool>();
        for (int c = 0; c < ConvCases.Length; c++)
        {
            foreach (var act in new[] { Activation.None, Activation.Relu, Activation.Sigmoid })
            {
                data.Add(c, act, false);
                data.Add(c, act, true);
            }
        }

        return data;
    }

    [GpuTheory]
    [MemberData(nameof(ConvMatrix))]
    public void Convolution_FusedAndUnfusedEpilogues_MatchCpuBackend(int caseIndex, Activation act, bool withResidual)
    {
        var (xs, p) = ConvCases[caseIndex];
        var x = NaiveReference.Random(xs.Length, 1 + caseIndex);
        var w = NaiveReference.Random(p.WeightLength, 100 + caseIndex);
        var bias = caseIndex % 3 == 2 ? [] : NaiveReference.Random(p.OutChannels, 200 + caseIndex);
        var ys = p.OutputShape(xs);
        var residual = withResidual ? new Tensor(ys, NaiveReference.Random(ys.Length, 300 + caseIndex)) : null;
        var expected = new Tensor(ys);
        _cpu.Convolution(_cpu.PrepareConvolution(p, w, bias), new Tensor(xs, x), expected, residual, act);

        var conv = Gpu.PrepareConvolution(p, w, bias);
        var y = new Tensor(ys);
        Gpu.Convolution(conv, new Tensor(xs, x), y, residual, act);
        Gpu.ToHost(y);

        // A second run on the cached plan must give the same result.
        var again = new Tensor(ys);
        Gpu.Convolution(conv, new Tensor(xs, x), again, residual, act);
        Gpu.ToHost(again);
        double k = p.InChannels * p.Kernel.Volume;
        NaiveReference.AssertClose(expected.Span.ToArray(), y.Span, atol: (1e-6 * k) + 1e-6, rtol: 0);
        Assert.Equal(y.Span.ToArray(), again.Span.ToArray());
    }

    public static TheoryData<int> TransposedCases() => [0, 1, 2, 3];

    private static readonly (TensorShape X, TransposedConvolutionParams P)[] Transposed =
    [
        (new(1, 8, 4, 5, 6), new(8, 4, Int3.All(2), Int3.All(2), Int3.All(0), Int3.All(1), Int3.All(0))),
        (new(2, 4, 1, 7, 9), new(4, 3, Int3.Plane(2), Int3.Plane(2), Int3.All(0), Int3.All(1), Int3.All(0))),
        (new(1, 3, 3, 4, 5), new(3, 2, Int3.All(3), Int3.All(2), Int3.All(1), Int3.All(1), Int3.All(1))),
        (new(1, 2, 1, 5, 5), new(2, 2, Int3.Plane(3), Int3.All(1), Int3.All(0), new(1, 3, 3), new(0, 2, 2))), // CPU fallback
    ];

    [GpuTheory]
    [MemberData(nameof(TransposedCases))]
    public void TransposedConvolution_BackwardDataAndFallback_MatchCpuBackend(int caseIndex)
    {
        var (xs, p) = Transposed[caseIndex];
        var x = NaiveReference.Random(xs.Length, 10 + caseIndex);
        var w = NaiveReference.Random(p.WeightLength, 20 + caseIndex);
        var bias = NaiveReference.Random(p.OutChannels, 30 + caseIndex);
        var ys = p.OutputShape(xs);
        var expected = new Tensor(ys);
        _cpu.TransposedConvolution(_cpu.PrepareTransposedConvolution(p, w, bias), new Tensor(xs, x), expected);

        var y = new Tensor(ys);
        Gpu.TransposedConvolution(Gpu.PrepareTransposedConvolution(p, w, bias), new Tensor(xs, x), y);
        Gpu.ToHost(y);

        NaiveReference.AssertClose(expected.Span.ToArray(), y.Span, atol: (1e-6 * p.InChannels * p.Kernel.Volume) + 1e-6, rtol: 0);
    }

    [GpuFact]
    public void MaxPool_PlainPaddedAndDilated_MatchCpuBackendExactly()
    {
        (TensorShape X, MaxPoolParams P)[] cases =
        [
            (new(1, 3, 8, 6, 10), MaxPoolParams.Halve(is3D: true)),
            (new(2, 2, 7, 9, 5), MaxPoolParams.Halve(is3D: true)),
            (new(1, 4, 1, 11, 13), MaxPoolParams.Halve(is3D: false)),
            (new(1, 2, 7, 8, 9), new(Int3.All(3), Int3.All(2), Int3.All(1), Int3.All(1))),
            (new(1, 2, 7, 8, 9), new(Int3.All(3), Int3.All(2), Int3.All(1), new(1, 2, 1))), // dilated: CPU fallback
        ];
        foreach (var (xs, p) in cases)
        {
            var x = new Tensor(xs, NaiveReference.Random(xs.Length, xs.W));
            var expected = new Tensor(p.OutputShape(xs));
            var y = new Tensor(p.OutputShape(xs));
            _cpu.MaxPool(p, x, expected);
            Gpu.MaxPool(p, x, y);
            Gpu.ToHost(y);
            Assert.Equal(expected.Span.ToArray(), y.Span.ToArray());
        }
    }

    [GpuFact]
    public void SoftmaxReluSigmoid_InPlace_MatchCpuBackend()
    {
        var s = new TensorShape(2, 4, 3, 5, 70);
        var values = NaiveReference.Random(s.Length, 3).Select(v => v * 90f).ToArray();
        foreach (var op in new[] { "softmax", "relu", "sigmoid" })
        {
            var expected = new Tensor(s, (float[])values.Clone());
            var t = new Tensor(s, (float[])values.Clone());
            Action<Tensor, Tensor> cpu = op switch { "softmax" => _cpu.Softmax, "relu" => _cpu.Relu, _ => _cpu.Sigmoid };
            Action<Tensor, Tensor> gpu = op switch { "softmax" => Gpu.Softmax, "relu" => Gpu.Relu, _ => Gpu.Sigmoid };
            cpu(expected, expected);
            gpu(t, t);
            Gpu.ToHost(t);
            NaiveReference.AssertClose(expected.Span.ToArray(), t.Span, atol: 1e-6, rtol: 0);
        }
    }

    [GpuFact]
    public void AddMultiply_AllBroadcastArrangements_MatchCpuBackend()
    {
        var full = new TensorShape(2, 8, 4, 5, 6);
        (TensorShape A, TensorShape B)[] pairs =
        [
            (full, new(2, 1, 4, 5, 6)),   // direct (the attention gate)
            (new(1, 8, 1, 1, 1), full),   // swapped
            (new(2, 1, 4, 5, 6), new(1, 8, 1, 1, 1)), // expand first
            (full, full),
        ];
        foreach (var (a, b) in pairs)
        {
            var av = new Tensor(a, NaiveReference.Random(a.Length, a.C));
            var bv = new Tensor(b, NaiveReference.Random(b.Length, 50 + b.C));
            var ys = Broadcasting.Shape(a, b);
            foreach (bool add in new[] { true, false })
            {
                var expected = new Tensor(ys);
                var y = new Tensor(ys);
                (add ? (Action<Tensor, Tensor, Tensor>)_cpu.Add : _cpu.Multiply)(av, bv, expected);
                (add ? (Action<Tensor, Tensor, Tensor>)Gpu.Add : Gpu.Multiply)(av, bv, y);
                Gpu.ToHost(y);
                NaiveReference.AssertClose(expected.Span.ToArray(), y.Span, atol: 1e-6, rtol: 0);
            }
        }
    }

    [GpuFact]
    public void Concat_BatchOneAndTwo_EqualsCpuBackend()
    {
        foreach (int n in new[] { 1, 2 })
        {
            var a = new Tensor(new(n, 3, 2, 3, 4), NaiveReference.Random(n * 3 * 24, 1));
            var b = new Tensor(new(n, 5, 2, 3, 4), NaiveReference.Random(n * 5 * 24, 2));
            var expected = new Tensor(new(n, 8, 2, 3, 4));
            var y = new Tensor(new(n, 8, 2, 3, 4));
            _cpu.Concat([a, b], expected);
            Gpu.Concat([a, b], y);
            Gpu.ToHost(y);
            Assert.Equal(expected.Span.ToArray(), y.Span.ToArray());
        }
    }

    [GpuFact]
    public void ToHost_HostOverwritesAnOpOutput_NextOpReadsTheHostValues()
    {
        var s = new TensorShape(1, 2, 2, 3, 4);
        var t = new Tensor(s, NaiveReference.Random(s.Length, 7));
        Gpu.Relu(t, t);                       // t now newer on the device
        Gpu.ToHost(t);                        // handed to the host
        t.Span.Fill(-2f);                     // the host overwrites it (as the predictor refills its input)
        var y = new Tensor(s);
        Gpu.Sigmoid(t, y);
        Gpu.ToHost(y);

        Assert.All(y.Span.ToArray(), v => Assert.Equal(1f / (1f + MathF.Exp(2f)), v, 6));
        Assert.True(Gpu.MemoryInUseBytes > 0);
    }

    public void Dispose()
    {
        _gpu?.Dispose();
        _cpu.Dispose();
    }
}
