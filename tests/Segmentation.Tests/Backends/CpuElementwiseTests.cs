using DicomSegNode.Segmentation.Backends.Cpu;
using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Tests.Backends;

/// <summary>Pooling, softmax, activations, broadcasting arithmetic and concatenation against the scalar reference.</summary>
public sealed class CpuElementwiseTests : IDisposable
{
    private readonly CpuBackend _backend = new(threads: 2);

    public static TheoryData<int> PoolCases() => [0, 1, 2, 3];

    private static readonly (TensorShape X, MaxPoolParams P)[] Pools =
    [
        (new(1, 3, 8, 6, 10), MaxPoolParams.Halve(is3D: true)),
        (new(2, 2, 7, 9, 5), MaxPoolParams.Halve(is3D: true)),
        (new(1, 4, 1, 11, 13), MaxPoolParams.Halve(is3D: false)),
        (new(1, 2, 7, 8, 9), new(Int3.All(3), Int3.All(2), Int3.All(1), new(1, 2, 1))),
    ];

    [Theory]
    [MemberData(nameof(PoolCases))]
    public void MaxPool_EvenOddAndPaddedShapes_MatchesScalarReference(int caseIndex)
    {
        var (xs, p) = Pools[caseIndex];
        var x = NaiveReference.Random(xs.Length, caseIndex);
        var y = new Tensor(p.OutputShape(xs));
        _backend.MaxPool(p, new Tensor(xs, x), y);
        Assert.Equal(NaiveReference.MaxPool(p, xs, x), y.Span.ToArray());
    }

    [Fact]
    public void Softmax_LargeLogits_StaysFiniteAndMatchesReference()
    {
        var s = new TensorShape(2, 4, 3, 5, 700);
        var x = NaiveReference.Random(s.Length, 3).Select(v => v * 90f).ToArray();
        var y = new Tensor(s);
        _backend.Softmax(new Tensor(s, x), y);
        NaiveReference.AssertClose(NaiveReference.Softmax(s, x), y.Span, atol: 1e-6, rtol: 0);
        for (int i = 0; i < s.Spatial; i++)
        {
            float sum = 0;
            for (int c = 0; c < s.C; c++)
            {
                sum += y.Span[(c * s.Spatial) + i];
            }

            Assert.InRange(sum, 1 - 1e-5f, 1 + 1e-5f);
        }
    }

    [Fact]
    public void ReluAndSigmoid_InPlace_MatchReference()
    {
        var s = new TensorShape(1, 3, 4, 50, 401);
        var x = NaiveReference.Random(s.Length, 9).Select(v => v * 20f).ToArray();
        var t = new Tensor(s, (float[])x.Clone());
        _backend.Relu(t, t);
        Assert.Equal(x.Select(v => Math.Max(v, 0f)).ToArray(), t.Span.ToArray());
        t = new Tensor(s, (float[])x.Clone());
        _backend.Sigmoid(t, t);
        NaiveReference.AssertClose(x.Select(v => NaiveReference.Activate(v, Activation.Sigmoid)).ToArray(), t.Span, atol: 1e-6, rtol: 0);
    }

    public static TheoryData<int[], int[]> BroadcastCases() => new()
    {
        { new[] { 1, 3, 4, 5, 6 }, new[] { 1, 3, 4, 5, 6 } },
        { new[] { 2, 3, 4, 5, 6 }, new[] { 2, 1, 4, 5, 6 } },
        { new[] { 1, 3, 1, 1, 1 }, new[] { 2, 3, 4, 5, 6 } },
        { new[] { 1, 3, 1, 1, 7 }, new[] { 2, 1, 4, 5, 1 } },
        { new[] { 1, 1, 1, 1, 1 }, new[] { 1, 2, 3, 1, 5 } },
        { new[] { 2, 3, 4, 1, 6 }, new[] { 1, 3, 1, 5, 1 } },
    };

    [Theory]
    [MemberData(nameof(BroadcastCases))]
    public void AddAndMultiply_Broadcasting_MatchReference(int[] a, int[] b)
    {
        var sa = new TensorShape(a[0], a[1], a[2], a[3], a[4]);
        var sb = new TensorShape(b[0], b[1], b[2], b[3], b[4]);
        var av = NaiveReference.Random(sa.Length, 1);
        var bv = NaiveReference.Random(sb.Length, 2);
        var shape = Broadcasting.Shape(sa, sb);
        var y = new Tensor(shape);
        _backend.Add(new Tensor(sa, av), new Tensor(sb, bv), y);
        Assert.Equal(NaiveReference.Broadcast(sa, av, sb, bv, (p, q) => p + q), y.Span.ToArray());
        _backend.Multiply(new Tensor(sb, bv), new Tensor(sa, av), y);
        Assert.Equal(NaiveReference.Broadcast(sb, bv, sa, av, (p, q) => p * q), y.Span.ToArray());
    }

    [Fact]
    public void Add_IncompatibleShapes_ThrowsNamingTheAxis()
    {
        var ex = Assert.Throws<ArgumentException>(() => Broadcasting.Shape(new TensorShape(1, 3, 4, 5, 6), new TensorShape(1, 2, 4, 5, 6)));
        Assert.Contains("along C", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Concat_ThreeInputsBatchTwo_StacksChannelsPerItem()
    {
        var parts = new[] { 1, 3, 2 }.Select((c, i) => new Tensor(new TensorShape(2, c, 2, 3, 4), NaiveReference.Random(2 * c * 24, i))).ToArray();
        var y = new Tensor(new TensorShape(2, 6, 2, 3, 4));
        _backend.Concat(parts, y);
        for (int n = 0; n < 2; n++)
        {
            int c0 = 0;
            foreach (var p in parts)
            {
                for (int c = 0; c < p.Shape.C; c++)
                {
                    Assert.Equal(p.Plane(n, c).ToArray(), y.Plane(n, c0 + c).ToArray());
                }

                c0 += p.Shape.C;
            }
        }
    }

    public void Dispose() => _backend.Dispose();

    [Fact]
    public void Concat_SpatialMismatch_Throws()
    {
        var a = new Tensor(new TensorShape(1, 1, 2, 3, 4));
        var b = new Tensor(new TensorShape(1, 1, 2, 3, 5));
        Assert.Throws<ArgumentException>(() => _backend.Concat([a, b], new Tensor(new TensorShape(1, 2, 2, 3, 4))));
    }
}
