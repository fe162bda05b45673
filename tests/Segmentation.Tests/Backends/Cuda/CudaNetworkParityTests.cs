using DicomSegNode.Segmentation.Backends;
using DicomSegNode.Segmentation.Backends.Cpu;
using DicomSegNode.Segmentation.Backends.Cuda;
using DicomSegNode.Segmentation.Inference;
using DicomSegNode.Segmentation.Models;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Tests.Backends.Cuda;

/// <summary>
/// The whole network and the predictor on the GPU against the CPU backend and PyTorch (the engine's parity
/// fixtures); skipped visibly where there is no GPU. Bound: 1e-4 max absolute and 1e-5 normalised L2 error, the
/// CPU engine's bound against PyTorch, for the same reason: strict float32 on both sides (TF32 off), only the
/// summation order differs, ~1e-6 per layer over ~20 layers; a wrong layout or weight errs by 1e-2 and more.
/// </summary>
public sealed class CudaNetworkParityTests
{
    public static TheoryData<string> Cases() => ["net2d", "net3d"];

    [GpuTheory]
    [MemberData(nameof(Cases))]
    public void Forward_ParityFixture_MatchesCpuBackendAndPyTorch(string caseName)
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
        using var gpu = new CudaBackend();
        var expected = AttentionResUNet.Create(package, cpu).Forward(new Tensor(shape, (float[])input.Clone()));

        var logits = AttentionResUNet.Create(package, gpu).Forward(new Tensor(shape, (float[])input.Clone()));
        gpu.ToHost(logits);

        AssertParity(expected.Span.ToArray(), logits.Span.ToArray(), "CPU backend");
        AssertParity(pytorch, logits.Span.ToArray(), "PyTorch");
    }

    [GpuFact]
    public void Predict_VolumeLargerThanPatch_CudaEqualsCpu()
    {
        var package = ModelPackage.Load(TestData.Path("parity", "net3d", "model"));
        int d = 21, h = 30, w = 41;
        var rng = new Random(5);
        var hu = Enumerable.Range(0, d * h * w).Select(_ => (float)((rng.NextDouble() * 1400) - 400)).ToArray();
        using var cpu = new SegmentationPredictor(package, new PredictorOptions { Device = Device.Cpu, Threads = 2 });
        using var gpu = new SegmentationPredictor(package, new PredictorOptions { Device = Device.Cuda });

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
