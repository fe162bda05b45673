using BenchmarkDotNet.Attributes;
using DicomSegNode.Segmentation.Backends;
using DicomSegNode.Segmentation.Backends.Cpu;
using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Engine.Benchmarks;

/// <summary>The convolutions that dominate the liver network (level 0 of a 64^3 patch), per kernel ISA.</summary>
[MemoryDiagnoser]
public class ConvolutionBenchmarks : IDisposable
{
    private CpuBackend _backend = null!;
    private IPreparedConvolution _conv = null!;
    private Tensor _x = null!;
    private Tensor _y = null!;

    /// <summary>Kernel ISA.</summary>
    [Params(CpuIsa.Avx512, CpuIsa.Avx2)]
    public CpuIsa Isa { get; set; }

    /// <summary>Input channels (8: encoder, 16: decoder after concatenation).</summary>
    [Params(8, 16)]
    public int InChannels { get; set; }

    /// <summary>Prepares a 3x3x3 convolution to 8 channels over 64^3.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _backend = new CpuBackend(0, Isa);
        var p = ConvolutionParams.Same(InChannels, 8, Int3.All(3), Int3.All(1));
        var rng = new Random(1);
        var w = Enumerable.Range(0, p.WeightLength).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        _conv = _backend.PrepareConvolution(p, w, new float[8]);
        _x = new Tensor(new TensorShape(1, InChannels, 64, 64, 64));
        _y = new Tensor(new TensorShape(1, 8, 64, 64, 64));
    }

    /// <summary>One convolution with fused ReLU.</summary>
    [Benchmark]
    public void Conv3x3x3() => _backend.Convolution(_conv, _x, _y, null, Activation.Relu);

    /// <summary>Releases the backend.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        _backend?.Dispose();
        GC.SuppressFinalize(this);
    }
}
