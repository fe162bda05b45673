using BenchmarkDotNet.Attributes;
using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Volumes.Benchmarks;

/// <summary>The volume operations on a 256 x 256 x 200 scene, with allocations (the output arrays and little else).</summary>
[MemoryDiagnoser]
public class VolumeOpsBenchmarks
{
    private Scene _scene = null!;
    private VolumeGeometry _coarse = null!;

    [GlobalSetup]
    public void Setup()
    {
        _scene = Scene.Build(256, 200);
        _coarse = _scene.Geometry.WithSpacing(new Vec3(1.5, 1.5, 1.5));
    }

    [Benchmark]
    public float[] Trilinear() => Resampler.Trilinear(_scene.Hu, _scene.Geometry, _coarse, -1024);

    [Benchmark]
    public ComponentLabeling Label26() => ConnectedComponents.Label(_scene.Mask, _scene.Geometry.Size, Connectivity.TwentySix);

    [Benchmark]
    public byte[] FillHoles() => HoleFilling.Fill(_scene.Mask, _scene.Geometry.Size);

    [Benchmark]
    public byte[] Dilate() => Morphology.Dilate(_scene.Mask, _scene.Geometry.Size, 6, 6, 5);
}
