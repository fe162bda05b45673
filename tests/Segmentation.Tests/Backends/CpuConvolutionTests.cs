using DicomSegNode.Segmentation.Backends.Cpu;
using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Tests.Backends;

/// <summary>
/// Convolution and transposed convolution against the scalar reference, on every kernel ISA this machine has.
/// Tolerance: |error| &lt;= 1e-6 * K (K = products summed per output, inputs and weights in [-1, 1]). A float32 dot
/// product of K such terms carries a rounding error of order K * 2^-24 * (typical partial-sum size), well inside
/// that; a wrong tap, offset or padding element changes an output by ~0.1.
/// </summary>
public sealed class CpuConvolutionTests
{
    private static CpuIsa[] Available() =>
        new[] { CpuIsa.Avx512, CpuIsa.Avx2, CpuIsa.Vector128 }.Where(CpuIsaSupport.IsAvailable).ToArray();

    public static TheoryData<CpuIsa> Isas() => new(Available());

    private static readonly (string Name, TensorShape X, ConvolutionParams P)[] ConvCases =
    [
        ("3x3x3 same", new(1, 5, 5, 6, 7), ConvolutionParams.Same(5, 7, Int3.All(3), Int3.All(1))),
        ("3x3x3 dilation 2 valid", new(1, 3, 7, 9, 11), new(3, 4, Int3.All(3), Int3.All(1), Int3.All(0), Int3.All(2))),
        ("odd kernel, stride and padding", new(2, 3, 5, 7, 9), new(3, 5, new(2, 3, 1), new(2, 1, 3), new(1, 0, 0), Int3.All(1))),
        ("2D 3x3 same", new(1, 2, 1, 13, 17), ConvolutionParams.Same(2, 3, Int3.Plane(3), new(0, 1, 1))),
        ("pointwise", new(1, 6, 3, 4, 5), ConvolutionParams.Same(6, 9, Int3.All(1), Int3.All(0))),
        ("many tiles and a ragged tail", new(1, 8, 9, 20, 50), ConvolutionParams.Same(8, 8, Int3.All(3), Int3.All(1))),
        ("2D stride 2, dilation 2, batch 2", new(2, 3, 1, 15, 14), new(3, 6, Int3.Plane(3), Int3.Plane(2), Int3.Plane(1), new(1, 2, 2))),
        ("one output channel", new(1, 4, 2, 3, 97), ConvolutionParams.Same(4, 1, Int3.All(1), Int3.All(0))),
        ("padding 2 with dilation 2, stride 1", new(1, 2, 6, 6, 6), new(2, 3, Int3.All(3), Int3.All(1), Int3.All(2), Int3.All(2))),
    ];

    public static TheoryData<CpuIsa, int, Activation, bool> ConvMatrix()
    {
        var data = new TheoryData<CpuIsa, int, Activation, bool>();
        foreach (var isa in Available())
        {
            for (int c = 0; c < ConvCases.Length; c++)
            {
                data.Add(isa, c, (Activation)(c % 3), c % 2 == 0);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ConvMatrix))]
    public void Convolution_ShapesStridesPaddingsDilations_MatchesScalarReference(CpuIsa isa, int caseIndex, Activation act, bool withResidual)
    {
        var (name, xs, p) = ConvCases[caseIndex];
        using var backend = new CpuBackend(threads: 2, isa);
        var x = NaiveReference.Random(xs.Length, 1 + caseIndex);
        var w = NaiveReference.Random(p.WeightLength, 100 + caseIndex);
        var bias = caseIndex % 4 == 3 ? null : NaiveReference.Random(p.OutChannels, 200 + caseIndex);
        var os = p.OutputShape(xs);
        var residual = withResidual ? NaiveReference.Random(os.Length, 300 + caseIndex) : null;
        var expected = NaiveReference.Convolution(p, xs, x, w, bias, residual, act);

        var conv = backend.PrepareConvolution(p, w, bias ?? []);
        var y = new Tensor(os);
        backend.Convolution(conv, new Tensor(xs, x), y, residual is null ? null : new Tensor(os, residual), act);

        int k = p.InChannels * p.Kernel.Volume;
        NaiveReference.AssertClose(expected, y.Span, atol: 1e-6 * k, rtol: 0);
        Assert.True(y.Span.Length > 0, name);
    }

    [Theory]
    [MemberData(nameof(Isas))]
    public void Convolution_RepeatedOnDirtyPooledBuffers_GivesIdenticalFiniteResults(CpuIsa isa)
    {
        using var backend = new CpuBackend(threads: 2, isa);
        var p = ConvolutionParams.Same(4, 8, Int3.All(3), Int3.All(1));
        var xs = new TensorShape(1, 4, 6, 10, 12);
        var conv = backend.PrepareConvolution(p, NaiveReference.Random(p.WeightLength, 5), NaiveReference.Random(8, 6));
        var x = new Tensor(xs, NaiveReference.Random(xs.Length, 7));

        // A pooled buffer of the padded input's size full of NaN: the padding must be rewritten, not assumed zero.
        var dirty = backend.Pool.Rent(new TensorShape(1, 4, 8, 12, 14));
        dirty.Span.Fill(float.NaN);
        backend.Pool.Return(dirty);
        var first = backend.Pool.Rent(p.OutputShape(xs));
        backend.Convolution(conv, x, first);
        var firstValues = first.Span.ToArray();
        Assert.All(firstValues, v => Assert.True(float.IsFinite(v)));
        backend.Pool.Return(first);
        var second = backend.Pool.Rent(p.OutputShape(xs));
        second.Span.Fill(float.NaN);
        backend.Convolution(conv, x, second);
        Assert.Equal(firstValues, second.Span.ToArray());
    }

    [Fact]
    public void Convolution_WrongInputChannels_ThrowsNamingBoth()
    {
        using var backend = new CpuBackend(threads: 1);
        var p = ConvolutionParams.Same(3, 2, Int3.All(3), Int3.All(1));
        var conv = backend.PrepareConvolution(p, new float[p.WeightLength], []);
        var ex = Assert.Throws<ArgumentException>(() =>
            backend.Convolution(conv, new Tensor(new TensorShape(1, 4, 4, 4, 4)), new Tensor(new TensorShape(1, 2, 4, 4, 4))));
        Assert.Contains("3 input channels", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PrepareConvolution_WeightLengthMismatch_Throws()
    {
        using var backend = new CpuBackend(threads: 1);
        var p = ConvolutionParams.Same(3, 2, Int3.All(3), Int3.All(1));
        Assert.Throws<ArgumentException>(() => backend.PrepareConvolution(p, new float[p.WeightLength - 1], []));
    }

    private static readonly (TensorShape X, TransposedConvolutionParams P)[] TransposedCases =
    [
        (new(1, 6, 3, 4, 5), new(6, 4, Int3.All(2), Int3.All(2), Int3.All(0), Int3.All(1), Int3.All(0))),
        (new(2, 3, 3, 5, 4), new(3, 5, Int3.All(3), Int3.All(2), Int3.All(1), Int3.All(1), Int3.All(1))),
        (new(1, 2, 1, 7, 9), new(2, 3, Int3.Plane(2), Int3.Plane(2), Int3.All(0), Int3.All(1), Int3.All(0))),
        (new(1, 3, 2, 3, 4), new(3, 2, new(3, 2, 3), new(1, 3, 2), new(1, 0, 1), new(2, 1, 2), Int3.All(0))),
    ];

    public static TheoryData<CpuIsa, int> TransposedMatrix()
    {
        var data = new TheoryData<CpuIsa, int>();
        foreach (var isa in Available())
        {
            for (int c = 0; c < TransposedCases.Length; c++)
            {
                data.Add(isa, c);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TransposedMatrix))]
    public void TransposedConvolution_KernelsStridesPaddings_MatchesScalarReference(CpuIsa isa, int caseIndex)
    {
        var (xs, p) = TransposedCases[caseIndex];
        using var backend = new CpuBackend(threads: 2, isa);
        var x = NaiveReference.Random(xs.Length, 11 + caseIndex);
        var w = NaiveReference.Random(p.WeightLength, 21 + caseIndex);
        var bias = NaiveReference.Random(p.OutChannels, 31 + caseIndex);
        var expected = NaiveReference.TransposedConvolution(p, xs, x, w, bias);

        var conv = backend.PrepareTransposedConvolution(p, w, bias);
        var y = new Tensor(p.OutputShape(xs));
        backend.TransposedConvolution(conv, new Tensor(xs, x), y);

        NaiveReference.AssertClose(expected, y.Span, atol: 1e-6 * p.InChannels * p.Kernel.Volume, rtol: 0);
    }
}
