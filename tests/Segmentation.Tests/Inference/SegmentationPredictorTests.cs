using DicomSegNode.Segmentation.Backends;
using DicomSegNode.Segmentation.Backends.Cpu;
using DicomSegNode.Segmentation.Inference;
using DicomSegNode.Segmentation.Models;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Tests.Inference;

/// <summary>Sliding-window prediction over whole volumes, checked against the network run patch by patch.</summary>
public sealed class SegmentationPredictorTests
{
    private static readonly ModelPackage Net3D = ModelPackage.Load(TestData.Path("parity", "net3d", "model"));
    private static readonly ModelPackage Net2D = ModelPackage.Load(TestData.Path("parity", "net2d", "model"));

    [Fact]
    public void Predict_VolumeOfOnePatch_EqualsSoftmaxOfNetwork()
    {
        using var predictor = new SegmentationPredictor(Net3D, new PredictorOptions { Device = Device.Cpu, Threads = 2 });
        int d = 16, h = 24, w = 20;
        var hu = Hu(d * h * w, 1);

        var result = predictor.Predict(hu, d, h, w);

        var expected = Reference(Net3D, hu, new TensorShape(1, 1, d, h, w));
        Assert.Equal((3, d, h, w), (result.Classes, result.Depth, result.Height, result.Width));
        NaiveCompare(expected, result.Data, 1e-6);
    }

    [Fact]
    public void Predict_VolumeLargerThanPatch_CoversEveryVoxelWithNormalisedProbabilities()
    {
        using var predictor = new SegmentationPredictor(Net3D, new PredictorOptions { Threads = 2 });
        int d = 21, h = 30, w = 41;
        var reports = new List<InferenceProgress>();

        var result = predictor.Predict(Hu(d * h * w, 2), d, h, w, new SyncProgress(reports.Add));

        // Patch (16, 24, 20), overlap 0.5: 21 -> 2 patches (step 8), 30 -> 2 (step 12), 41 -> 4 (step 10).
        Assert.Equal(2 * 2 * 4, reports.Count);
        Assert.Equal(Enumerable.Range(1, 16), reports.Select(r => r.PatchesDone));
        Assert.All(reports, r => Assert.Equal(16, r.PatchesTotal));
        AssertProbabilities(result);
    }

    [Fact]
    public void Predict_TwoOverlappingPatches_BlendsWithGaussianWeights()
    {
        using var predictor = new SegmentationPredictor(Net3D, new PredictorOptions { Threads = 2 });
        int d = 16, h = 24, w = 28, pw = 20;
        var hu = Hu(d * h * w, 6);

        var result = predictor.Predict(hu, d, h, w);

        // Width 28 with patch 20 and overlap 0.5: patches start at x = 0 and x = 8.
        var patchShape = new TensorShape(1, 1, d, h, pw);
        var left = Reference(Net3D, Crop(hu, d, h, w, 0, pw), patchShape);
        var right = Reference(Net3D, Crop(hu, d, h, w, 8, pw), patchShape);
        var weights = SlidingWindow.Weights(d, h, pw, gaussian: true, 0.125, gaussianAlongDepth: true);
        int plane = d * h * w, patchPlane = d * h * pw;
        for (int c = 0; c < 3; c++)
        {
            for (int z = 0; z < d; z += 5)
            {
                for (int y = 0; y < h; y += 7)
                {
                    for (int x = 0; x < w; x++)
                    {
                        double num = 0, den = 0;
                        if (x < pw)
                        {
                            int i = (((z * h) + y) * pw) + x;
                            num += weights[i] * left[(c * patchPlane) + i];
                            den += weights[i];
                        }

                        if (x >= 8)
                        {
                            int i = (((z * h) + y) * pw) + x - 8;
                            num += weights[i] * right[(c * patchPlane) + i];
                            den += weights[i];
                        }

                        float actual = result.Data[(c * plane) + (((z * h) + y) * w) + x];
                        Assert.True(Math.Abs(actual - (num / den)) < 1e-5, $"class {c} voxel ({z}, {y}, {x}): {actual} vs {num / den}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Predict_VolumeSmallerThanPatch_PadsAndReturnsTheInputGrid()
    {
        using var predictor = new SegmentationPredictor(Net3D, new PredictorOptions { Threads = 2 });
        var result = predictor.Predict(Hu(5 * 9 * 7, 3), 5, 9, 7);
        Assert.Equal((5, 9, 7), (result.Depth, result.Height, result.Width));
        AssertProbabilities(result);
    }

    [Fact]
    public void Predict_2DModel_EqualsNetworkOnEachSliceWithNeighbouringSlicesAsChannels()
    {
        using var predictor = new SegmentationPredictor(Net2D, new PredictorOptions { Threads = 2 });
        int d = 3, h = 40, w = 56;
        var hu = Hu(d * h * w, 4);

        var result = predictor.Predict(hu, d, h, w);

        int plane = h * w;
        for (int z = 0; z < d; z++)
        {
            var stacked = new float[3 * plane];
            for (int c = 0; c < 3; c++)
            {
                int slice = Math.Clamp(z + c - 1, 0, d - 1);
                hu.AsSpan(slice * plane, plane).CopyTo(stacked.AsSpan(c * plane));
            }

            var expected = Reference(Net2D, stacked, new TensorShape(1, 3, 1, h, w));
            for (int c = 0; c < 3; c++)
            {
                NaiveCompare(expected.AsSpan(c * plane, plane).ToArray(), result.Class(c).Slice(z * plane, plane).ToArray(), 1e-6);
            }
        }
    }

    [Fact]
    public void Predict_NaNAndInfinityVoxels_TreatedAsWindowBoundsWithFiniteOutput()
    {
        using var predictor = new SegmentationPredictor(Net3D, new PredictorOptions { Threads = 2 });
        int d = 16, h = 24, w = 20;
        var hu = Hu(d * h * w, 8);
        var clean = (float[])hu.Clone();
        hu[100] = float.NaN;
        hu[200] = float.PositiveInfinity;
        hu[300] = float.NegativeInfinity;
        clean[100] = (float)Net3D.Manifest.Input.HuWindowLow;
        clean[200] = (float)Net3D.Manifest.Input.HuWindowHigh;
        clean[300] = (float)Net3D.Manifest.Input.HuWindowLow;

        var result = predictor.Predict(hu, d, h, w);

        Assert.All(result.Data, v => Assert.True(float.IsFinite(v)));
        NaiveCompare(predictor.Predict(clean, d, h, w).Data, result.Data, 0);
    }

    [Fact]
    public void Predict_WrongArrayLength_ThrowsNamingBothSizes()
    {
        using var predictor = new SegmentationPredictor(Net3D, new PredictorOptions { Threads = 1 });
        var ex = Assert.Throws<ArgumentException>(() => predictor.Predict(new float[100], 4, 5, 6));
        Assert.Contains("holds 100 values", ex.Message, StringComparison.Ordinal);
        Assert.Contains("needs 120", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => predictor.Predict([], 0, 5, 6));
    }

    [Fact]
    public void Forward_WrongPatchShape_ThrowsWithTheExpectedForm()
    {
        using var backend = new CpuBackend(threads: 1);
        var net = AttentionResUNet.Create(Net3D, backend);
        var ex = Assert.Throws<ArgumentException>(() => net.Forward(new Tensor(new TensorShape(1, 1, 16, 24, 18))));
        Assert.Contains("multiples of 4", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => net.Forward(new Tensor(new TensorShape(1, 2, 16, 24, 20))));
        Assert.Contains("1 input channel", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_CancelledToken_ThrowsOperationCanceled()
    {
        using var predictor = new SegmentationPredictor(Net3D, new PredictorOptions { Threads = 1 });
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => predictor.Predict(Hu(16 * 24 * 20, 5), 16, 24, 20, null, cts.Token));
    }

    [Fact]
    public void Create_DeviceCuda_FailsFastWithReason_AutoFallsBackToCpu()
    {
        var probe = DicomSegNode.Segmentation.Backends.Cuda.CudaProbe.Probe();
        if (probe.IsAvailable)
        {
            // A GPU machine: both choices resolve to the CUDA backend and nothing falls back.
            using var cuda = new SegmentationPredictor(Net3D, new PredictorOptions { Device = Device.Cuda });
            using var auto2 = new SegmentationPredictor(Net3D, new PredictorOptions { Device = Device.Auto });
            Assert.Equal("cuda", cuda.BackendName);
            Assert.Equal("cuda", auto2.BackendName);
            Assert.Null(auto2.FallbackReason);
            return;
        }

        var ex = Assert.Throws<PlatformNotSupportedException>(() => new SegmentationPredictor(Net3D, new PredictorOptions { Device = Device.Cuda }));
        Assert.Contains(probe.Reason!, ex.Message, StringComparison.Ordinal);
        using var auto = new SegmentationPredictor(Net3D, new PredictorOptions { Device = Device.Auto, Threads = 1 });
        Assert.StartsWith("cpu-", auto.BackendName, StringComparison.Ordinal);
        Assert.Equal(probe.Reason, auto.FallbackReason);
    }

    [Theory]
    [InlineData(100, 40, 0.5, new[] { 0, 20, 40, 60 })]
    [InlineData(40, 40, 0.5, new[] { 0 })]
    [InlineData(41, 40, 0.5, new[] { 0, 1 })]
    [InlineData(100, 40, 0.0, new[] { 0, 30, 60 })]
    public void Starts_SizesAndOverlaps_SpanTheAxisFromBorderToBorder(int size, int patch, double overlap, int[] expected)
    {
        Assert.Equal(expected, SlidingWindow.Starts(size, patch, overlap));
    }

    [Fact]
    public void Weights_Gaussian_PeakAtCentreAndPositiveAtCorners()
    {
        var w = SlidingWindow.Weights(8, 8, 8, gaussian: true, 0.125, gaussianAlongDepth: true);
        Assert.True(w.Max() <= 1f);
        Assert.True(w[(((3 * 8) + 3) * 8) + 3] > 0.9f);
        Assert.True(w[0] > 0f && w[0] < 0.01f);
    }

    private static float[] Hu(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 1400) - 700)).ToArray();
    }

    /// <summary>softmax(network(normalise(hu))) computed directly, one patch.</summary>
    private static float[] Reference(ModelPackage package, float[] hu, TensorShape shape)
    {
        using var backend = new CpuBackend(threads: 2);
        var net = AttentionResUNet.Create(package, backend);
        var input = new Tensor(shape, hu.Select(package.Manifest.Input.Normalize).ToArray());
        var logits = net.Forward(input);
        backend.Softmax(logits, logits);
        return logits.Span.ToArray();
    }

    private static float[] Crop(float[] hu, int d, int h, int w, int x0, int width)
    {
        var crop = new float[d * h * width];
        for (int zy = 0; zy < d * h; zy++)
        {
            hu.AsSpan((zy * w) + x0, width).CopyTo(crop.AsSpan(zy * width));
        }

        return crop;
    }

    private static void NaiveCompare(float[] expected, float[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"voxel {i}: {actual[i]} vs {expected[i]}");
        }
    }

    private static void AssertProbabilities(ProbabilityVolume result)
    {
        for (int i = 0; i < result.VoxelCount; i++)
        {
            float sum = 0;
            for (int c = 0; c < result.Classes; c++)
            {
                float p = result.Data[(c * result.VoxelCount) + i];
                Assert.True(p >= 0 && p <= 1 + 1e-6f, $"voxel {i} class {c}: {p}");
                sum += p;
            }

            Assert.InRange(sum, 1 - 1e-4f, 1 + 1e-4f);
        }
    }

    private sealed class SyncProgress(Action<InferenceProgress> report) : IProgress<InferenceProgress>
    {
        public void Report(InferenceProgress value) => report(value);
    }
}
