using DicomSegNode.Segmentation.Backends.Cpu;
using DicomSegNode.Segmentation.Models;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Tests.Models;

/// <summary>
/// The whole network against PyTorch (fixtures by training/make_parity_fixtures.py). Tolerance: the largest
/// difference is bounded by 1e-4 absolute and 1e-5 relative to the logits' RMS-normalised L2 error. Justification:
/// both sides compute in float32; our convolutions sum in a different order (FMA register tiles) and batch norm is
/// folded in double then rounded, so each layer differs by a few ulps of its accumulated magnitude (|x| ~ 1,
/// K up to a few hundred terms, ~1e-6 per layer); over ~20 layers that grows to ~1e-5. A wrong weight, a
/// transposed kernel or a missed BN term gives errors of 1e-2 and above, far outside the bound.
/// </summary>
public sealed class AttentionResUNetParityTests
{
    public static TheoryData<string, CpuIsa> Cases()
    {
        var data = new TheoryData<string, CpuIsa>();
        foreach (var isa in new[] { CpuIsa.Avx512, CpuIsa.Avx2, CpuIsa.Vector128 })
        {
            if (CpuIsaSupport.IsAvailable(isa))
            {
                data.Add("net2d", isa);
                data.Add("net3d", isa);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_PyTorchFixture_MatchesPyTorchLogits(string caseName, CpuIsa isa)
    {
        var package = ModelPackage.Load(TestData.Path("parity", caseName, "model"));
        using var backend = new CpuBackend(threads: 2, isa);
        var net = AttentionResUNet.Create(package, backend);
        var input = TestData.ReadFloats(TestData.Path("parity", caseName, "input.f32"));
        var expected = TestData.ReadFloats(TestData.Path("parity", caseName, "logits.f32"));
        var a = package.Manifest.Architecture;
        var patch = package.Manifest.Inference.PatchSize;
        var shape = a.SpatialDims == 3
            ? new TensorShape(1, a.InChannels, patch[0], patch[1], patch[2])
            : new TensorShape(1, a.InChannels, 1, patch[0], patch[1]);
        var x = new Tensor(shape, input);

        var logits = net.Forward(x);

        Assert.Equal(shape.WithChannels(a.Classes), logits.Shape);
        var actual = logits.Span;
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.True(float.IsFinite(actual[i]), $"logit {i} is {actual[i]}");
        }

        double maxAbs = 0, err2 = 0, ref2 = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double d = actual[i] - expected[i];
            maxAbs = Math.Max(maxAbs, Math.Abs(d));
            err2 += d * d;
            ref2 += (double)expected[i] * expected[i];
        }

        double normalised = Math.Sqrt(err2 / ref2);
        Assert.True(maxAbs < 1e-4, $"max |ours - PyTorch| = {maxAbs:E3}");
        Assert.True(normalised < 1e-5, $"normalised L2 error = {normalised:E3}");
    }
}
