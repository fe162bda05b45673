using System.Runtime.InteropServices;
using DicomSegNode.Segmentation.Backends.Cuda;
using DicomSegNode.Segmentation.Backends.Cuda.Native;
using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Tests.Backends.Cuda;

/// <summary>Choosing among cuDNN's measured algorithms, the per-shape cache, and the perf struct's layout.</summary>
public sealed class ConvolutionAlgorithmTests
{
    private const int Fma = 3, Default = 0, TensorOp = 1, AllowConversion = 2;

    private static ConvolutionAlgoPerf Perf(int algo, float ms, long memory, int math, int status = 0) =>
        new() { Algo = algo, Time = ms, Memory = (nuint)memory, MathType = math, Status = status };

    [Fact]
    public void Choose_StrictFloat32_TakesTheFastestFmaAlgorithmWithinTheWorkspaceLimit()
    {
        ConvolutionAlgoPerf[] results =
        [
            Perf(6, 0.5f, 100, TensorOp),         // TF32: excluded
            Perf(7, 0.6f, 5000, Fma),             // needs too much workspace
            Perf(4, 0.7f, 10, Fma, status: 9),    // failed during the search
            Perf(1, 0.9f, 200, Fma),
            Perf(0, 1.5f, 0, Fma),
            Perf(2, 0.8f, 0, AllowConversion),    // half precision: never
        ];

        var chosen = ConvolutionAlgorithm.Choose(results, allowTf32: false, maxWorkspaceBytes: 1000);

        Assert.Equal(new ConvolutionAlgorithm(1, Fma, 200, 0.9f), chosen);
    }

    [Fact]
    public void Choose_Tf32Allowed_TakesTensorCoreAlgorithms()
    {
        ConvolutionAlgoPerf[] results = [Perf(1, 0.9f, 0, Fma), Perf(6, 0.5f, 100, TensorOp), Perf(0, 0.4f, 0, Default)];

        Assert.Equal(0, ConvolutionAlgorithm.Choose(results, allowTf32: true, 1000)!.Value.Algo);
        Assert.Equal(1, ConvolutionAlgorithm.Choose(results, allowTf32: false, 1000)!.Value.Algo);
    }

    [Fact]
    public void Choose_NothingQualifies_IsNullAndTheDescriptionListsEveryCandidate()
    {
        ConvolutionAlgoPerf[] results = [Perf(6, 0.5f, 100, TensorOp), Perf(1, 0.9f, 5000, Fma)];

        Assert.Null(ConvolutionAlgorithm.Choose(results, allowTf32: false, 1000));
        Assert.Equal(
            "no cuDNN algorithm qualifies (TF32 off, workspace limit 1000 bytes): algo 6: status 0, math 1, 100 bytes; algo 1: status 0, math 3, 5000 bytes",
            ConvolutionAlgorithm.DescribeRejected(results, allowTf32: false, 1000));
    }

    [Fact]
    public void ConvolutionAlgoPerf_Layout_MatchesCudnnHeader()
    {
        // cudnnConvolutionFwdAlgoPerf_t: algo, status, float time, size_t memory, determinism, mathType, int reserved[3].
        Assert.Equal(48, Marshal.SizeOf<ConvolutionAlgoPerf>());
        Assert.Equal(0, (int)Marshal.OffsetOf<ConvolutionAlgoPerf>(nameof(ConvolutionAlgoPerf.Algo)));
        Assert.Equal(4, (int)Marshal.OffsetOf<ConvolutionAlgoPerf>(nameof(ConvolutionAlgoPerf.Status)));
        Assert.Equal(8, (int)Marshal.OffsetOf<ConvolutionAlgoPerf>(nameof(ConvolutionAlgoPerf.Time)));
        Assert.Equal(16, (int)Marshal.OffsetOf<ConvolutionAlgoPerf>(nameof(ConvolutionAlgoPerf.Memory)));
        Assert.Equal(24, (int)Marshal.OffsetOf<ConvolutionAlgoPerf>(nameof(ConvolutionAlgoPerf.Determinism)));
        Assert.Equal(28, (int)Marshal.OffsetOf<ConvolutionAlgoPerf>(nameof(ConvolutionAlgoPerf.MathType)));
    }

    [Fact]
    public void GetOrSearch_SameProblemTwice_SearchesOnce()
    {
        var cache = new AlgorithmCache();
        var g = CudnnConvolutionGeometry.Forward(ConvolutionParams.Same(8, 8, Int3.All(3), Int3.All(1)), new TensorShape(1, 8, 32, 32, 32));
        int searches = 0;
        ConvolutionAlgorithm Search()
        {
            searches++;
            return new ConvolutionAlgorithm(1, Fma, 64, 1f);
        }

        var first = cache.GetOrSearch(AlgorithmCache.Key("fwd", g, false), Search);
        var second = cache.GetOrSearch(AlgorithmCache.Key("fwd", g, false), Search);

        Assert.Equal(first, second);
        Assert.Equal(1, searches);
        Assert.Equal(1, cache.Searches);
    }

    [Fact]
    public void Key_DiffersByShapeOpAndTf32()
    {
        var p = ConvolutionParams.Same(8, 8, Int3.All(3), Int3.All(1));
        var a = CudnnConvolutionGeometry.Forward(p, new TensorShape(1, 8, 32, 32, 32));
        var b = CudnnConvolutionGeometry.Forward(p, new TensorShape(2, 8, 32, 32, 32));

        string[] keys = [AlgorithmCache.Key("fwd", a, false), AlgorithmCache.Key("fwd", b, false), AlgorithmCache.Key("fwd", a, true), AlgorithmCache.Key("bwd-data", a, false)];

        Assert.Equal(keys.Length, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("fwd|r5|x1,8,32,32,32|w8,8,3,3,3|y1,8,32,32,32|p1,1,1|s1,1,1|d1,1,1|tf32=False", keys[0]);
    }
}
