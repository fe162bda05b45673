using DicomSegNode.Segmentation.Backends;
using DicomSegNode.Segmentation.Backends.Cpu;
using DicomSegNode.Segmentation.Backends.Cuda;
using DicomSegNode.Segmentation.Inference;
using DicomSegNode.Segmentation.Models;
using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Tests.Backends.Cuda;

/// <summary>
/// The CUDA backend checked against the CPU backend (itself tested against the scalar reference and PyTorch):
/// shared by the GPU tests and by the tests on the CUDA simulator. Tolerances: 1e-6 * K + 1e-6 absolute for a
/// K-term dot product (both sides round float32 sums in different orders; a wrong tap or layout errs by ~0.1);
/// the network: 1e-4 max absolute and 1e-5 normalised L2, the CPU engine's bound against PyTorch, TF32 off.
/// </summary>
internal static class CudaParityChecks
{
    public static readonly (TensorShape X, ConvolutionParams P)[] ConvCases =
    [
        (new(1, 5, 5, 6, 7), ConvolutionParams.Same(5, 7, Int3.All(3), Int3.All(1))),
        (new(2, 3, 7, 9, 11), new(3, 4, Int3.All(3), Int3.All(1), Int3.All(0), Int3.All(2))),
        (new(2, 3, 5, 7, 9), new(3, 5, new(2, 3, 1), new(2, 1, 3), new(1, 0, 0), Int3.All(1))),
        (new(1, 2, 1, 13, 17), ConvolutionParams.Same(2, 3, Int3.Plane(3), new(0, 1, 1))),
        (new(1, 6, 3, 4, 5), ConvolutionParams.Same(6, 9, Int3.All(1), Int3.All(0))),
        (new(2, 16, 4, 8, 8), ConvolutionParams.Same(16, 8, Int3.All(1), Int3.All(0))),
        (new(1, 8, 8, 12, 12), ConvolutionParams.Same(8, 8, Int3.All(3), Int3.All(1))),
    ];

    public static readonly (TensorShape X, TransposedConvolutionParams P)[] TransposedCases =
    [
        (new(1, 8, 4, 5, 6), new(8, 4, Int3.All(2), Int3.All(2), Int3.All(0), Int3.All(1), Int3.All(0))),
        (new(2, 4, 1, 7, 9), new(4, 3, Int3.Plane(2), Int3.Plane(2), Int3.All(0), Int3.All(1), Int3.All(0))),
        (new(1, 3, 3, 4, 5), new(3, 2, Int3.All(3), Int3.All(2), Int3.All(1), Int3.All(1), Int3.All(1))),
        (new(1, 2, 1, 5, 5), new(2, 2, Int3.Plane(3), Int3.All(1), Int3.All(0), new(1, 3, 3), new(0, 2, 2))), // CPU fallback
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

    public static void Convolution(CpuBackend cpu, CudaBackend gpu, int caseIndex, Activation act, bool withResidual)
    {
        var (xs, p) = ConvCases[caseIndex];
        var x = NaiveReference.Random(xs.Length, 1 + caseIndex);
        var w = NaiveReference.Random(p.WeightLength, 100 + caseIndex);
        var bias = caseIndex % 3 == 2 ? [] : NaiveReference.Random(p.OutChannels, 200 + caseIndex);
        var ys = p.OutputShape(xs);
        var residual = withResidual ? new Tensor(ys, NaiveReference.Random(ys.Length, 300 + caseIndex)) : null;
        var expected = new Tensor(ys);
        cpu.Convolution(cpu.PrepareConvolution(p, w, bias), new Tensor(xs, x), expected, residual, act);

        var conv = gpu.PrepareConvolution(p, w, bias);
        var y = new Tensor(ys);
        gpu.Convolution(conv, new Tensor(xs, x), y, residual, act);
        gpu.ToHost(y);

        // A second run on the cached plan must give the same result.
        var again = new Tensor(ys);
        gpu.Convolution(conv, new Tensor(xs, x), again, residual, act);
        gpu.ToHost(again);
        double k = p.InChannels * p.Kernel.Volume;
        NaiveReference.AssertClose(expected.Span.ToArray(), y.Span, atol: (1e-6 * k) + 1e-6, rtol: 0);
        Assert.Equal(y.Span.ToArray(), again.Span.ToArray());
    }

    public static void TransposedConvolution(CpuBackend cpu, CudaBackend gpu, int caseIndex)
    {
        var (xs, p) = TransposedCases[caseIndex];
        var x = NaiveReference.Random(xs.Length, 10 + caseIndex);
        var w = NaiveReference.Random(p.WeightLength, 20 + caseIndex);
        var bias = NaiveReference.Random(p.OutChannels, 30 + caseIndex);
        var ys = p.OutputShape(xs);
        var expected = new Tensor(ys);
        cpu.TransposedConvolution(cpu.PrepareTransposedConvolution(p, w, bias), new Tensor(xs, x), expected);

        var y = new Tensor(ys);
        gpu.TransposedConvolution(gpu.PrepareTransposedConvolution(p, w, bias), new Tensor(xs, x), y);
        gpu.ToHost(y);

        NaiveReference.AssertClose(expected.Span.ToArray(), y.Span, atol: (1e-6 * p.InChannels * p.Kernel.Volume) + 1e-6, rtol: 0);
    }

    public static void MaxPool(CpuBackend cpu, CudaBackend gpu)
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
            cpu.MaxPool(p, x, expected);
            gpu.MaxPool(p, x, y);
            gpu.ToHost(y);
            Assert.Equal(expected.Span.ToArray(), y.Span.ToArray());
        }
    }

    public static void ActivationsInPlace(CpuBackend cpu, CudaBackend gpu)
    {
        var s = new TensorShape(2, 4, 3, 5, 70);
        var values = NaiveReference.Random(s.Length, 3).Select(v => v * 90f).ToArray();
        foreach (var op in new[] { "softmax", "relu", "sigmoid" })
        {
            var expected = new Tensor(s, (float[])values.Clone());
            var t = new Tensor(s, (float[])values.Clone());
            Action<Tensor, Tensor> c = op switch { "softmax" => cpu.Softmax, "relu" => cpu.Relu, _ => cpu.Sigmoid };
            Action<Tensor, Tensor> g = op switch { "softmax" => gpu.Softmax, "relu" => gpu.Relu, _ => gpu.Sigmoid };
            c(expected, expected);
            g(t, t);
            gpu.ToHost(t);
            NaiveReference.AssertClose(expected.Span.ToArray(), t.Span, atol: 1e-6, rtol: 0);
        }
    }

    public static void Broadcasting(CpuBackend cpu, CudaBackend gpu)
    {
        var full = new TensorShape(2, 8, 4, 5, 6);
        (TensorShape A, TensorShape B)[] pairs =
        [
            (full, new(2, 1, 4, 5, 6)),                // direct (the attention gate)
            (new(1, 8, 1, 1, 1), full),                // swapped
            (new(2, 1, 4, 5, 6), new(1, 8, 1, 1, 1)), // expand first
            (full, full),
        ];
        foreach (var (a, b) in pairs)
        {
            var av = new Tensor(a, NaiveReference.Random(a.Length, a.C));
            var bv = new Tensor(b, NaiveReference.Random(b.Length, 50 + b.C));
            var ys = Ops.Broadcasting.Shape(a, b);
            foreach (bool add in new[] { true, false })
            {
                var expected = new Tensor(ys);
                var y = new Tensor(ys);
                (add ? (Action<Tensor, Tensor, Tensor>)cpu.Add : cpu.Multiply)(av, bv, expected);
                (add ? (Action<Tensor, Tensor, Tensor>)gpu.Add : gpu.Multiply)(av, bv, y);
                gpu.ToHost(y);
                NaiveReference.AssertClose(expected.Span.ToArray(), y.Span, atol: 1e-6, rtol: 0);
            }
        }
    }

    public static void Concat(CpuBackend cpu, CudaBackend gpu)
    {
        foreach (int n in new[] { 1, 2 })
        {
            var a = new Tensor(new(n, 3, 2, 3, 4), NaiveReference.Random(n * 3 * 24, 1));
            var b = new Tensor(new(n, 5, 2, 3, 4), NaiveReference.Random(n * 5 * 24, 2));
            var expected = new Tensor(new(n, 8, 2, 3, 4));
            var y = new Tensor(new(n, 8, 2, 3, 4));
            cpu.Concat([a, b], expected);
            gpu.Concat([a, b], y);
            gpu.ToHost(y);
            Assert.Equal(expected.Span.ToArray(), y.Span.ToArray());
        }
    }

    public static void ToHostThenHostWrite(CudaBackend gpu)
    {
        var s = new TensorShape(1, 2, 2, 3, 4);
        var t = new Tensor(s, NaiveReference.Random(s.Length, 7));
        gpu.Relu(t, t);                       // t now newer on the device
        gpu.ToHost(t);                        // handed to the host
        t.Span.Fill(-2f);                     // the host overwrites it (as the predictor refills its input)
        var y = new Tensor(s);
        gpu.Sigmoid(t, y);
        gpu.ToHost(y);

        Assert.All(y.Span.ToArray(), v => Assert.Equal(1f / (1f + MathF.Exp(2f)), v, 6));
        Assert.True(gpu.MemoryInUseBytes > 0);
    }

    public static void Network(string caseName, CudaBackend gpu)
    {
        var package = ModelPackage.Load(TestData.Path("parity", caseName, "model"));
        var input = TestData.ReadFloats(TestData.Path("parity", caseName, "input.f32"));
        var pytorch = TestData.ReadFloats(TestData.Path("parity", caseName, "logits.f32"));
        var a = package.Manifest.Architecture;
        var patch = package.Manifest.Inference.PatchSize;
        var shape = a.SpatialDims == 3
            ? new TensorShape(1, a.InChannels, patch[0], patch[1], patch[2])
            : new TensorShape(1, a.InChannels, 1, patch[0], patch[1]);
        using var cpu = new CpuBackend(threads: 2);
        var expected = AttentionResUNet.Create(package, cpu).Forward(new Tensor(shape, (float[])input.Clone()));

        var logits = AttentionResUNet.Create(package, gpu).Forward(new Tensor(shape, (float[])input.Clone()));
        gpu.ToHost(logits);

        AssertParity(expected.Span.ToArray(), logits.Span.ToArray(), "CPU backend");
        AssertParity(pytorch, logits.Span.ToArray(), "PyTorch");
    }

    public static void Predictor(CudaOptions? options)
    {
        var package = ModelPackage.Load(TestData.Path("parity", "net3d", "model"));
        int d = 21, h = 30, w = 41;
        var rng = new Random(5);
        var hu = Enumerable.Range(0, d * h * w).Select(_ => (float)((rng.NextDouble() * 1400) - 400)).ToArray();
        using var cpu = new SegmentationPredictor(package, new PredictorOptions { Device = Device.Cpu, Threads = 2 });
        using var gpu = new SegmentationPredictor(package, new PredictorOptions { Device = Device.Cuda, Cuda = options });

        var expected = cpu.Predict(hu, d, h, w);
        var actual = gpu.Predict(hu, d, h, w);
        var again = gpu.Predict(hu, d, h, w);

        Assert.Equal("cuda", gpu.BackendName);
        Assert.Null(gpu.FallbackReason);
        NaiveReference.AssertClose(expected.Data, actual.Data, atol: 1e-5, rtol: 0);
        Assert.Equal(actual.Data, again.Data);
    }

    private static void AssertParity(float[] expected, float[] actual, string against)
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.All(actual, v => Assert.True(float.IsFinite(v), $"non-finite logit {v}"));
        double maxAbs = 0, err2 = 0, ref2 = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double diff = actual[i] - expected[i];
            maxAbs = Math.Max(maxAbs, Math.Abs(diff));
            err2 += diff * diff;
            ref2 += (double)expected[i] * expected[i];
        }

        Assert.True(maxAbs < 1e-4, $"max |CUDA - {against}| = {maxAbs:E3}");
        Assert.True(Math.Sqrt(err2 / ref2) < 1e-5, $"normalised L2 error vs {against} = {Math.Sqrt(err2 / ref2):E3}");
    }
}
