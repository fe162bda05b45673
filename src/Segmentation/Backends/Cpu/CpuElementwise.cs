using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Backends.Cpu;

/// <summary>
/// Element-wise ops on System.Numerics.Tensors' vectorised primitives. Broadcasting is reduced to runs:
/// the longest trailing block of axes on which both operands are contiguous (or one is a scalar) is done
/// as one vector call, the leading axes are walked by index.
/// </summary>
internal static class CpuElementwise
{
    public static void Unary(Tensor x, Tensor y, OpKind op, int threads)
    {
        if (x.Shape != y.Shape)
        {
            throw new ArgumentException($"{op}: output {y.Shape} should be {x.Shape}");
        }

        int length = x.Shape.Length;
        float[] xb = x.Buffer, yb = y.Buffer;
        ForChunks(length, threads, (start, count) =>
        {
            var src = xb.AsSpan(start, count);
            var dst = yb.AsSpan(start, count);
            if (op == OpKind.Relu)
            {
                TensorPrimitives.Max(src, 0f, dst);
            }
            else
            {
                TensorPrimitives.Sigmoid(src, dst);
            }
        });
    }

    public static void Binary(Tensor a, Tensor b, Tensor y, OpKind op)
    {
        var shape = Broadcasting.Shape(a.Shape, b.Shape);
        if (y.Shape != shape)
        {
            throw new ArgumentException($"{op}: output {y.Shape} should be {shape} for inputs {a.Shape} and {b.Shape}");
        }

        int[] dims = [shape.N, shape.C, shape.D, shape.H, shape.W];
        int[] sa = Strides(a.Shape, dims);
        int[] sb = Strides(b.Shape, dims);

        // Fold trailing axes into one run along which each operand is either contiguous or constant.
        int run = 1;
        int axis = 5;
        int modeA = 0, modeB = 0; // 0 undecided, 1 dense, 2 scalar
        while (axis > 0)
        {
            int d = dims[axis - 1];
            if (d != 1)
            {
                int wantA = sa[axis - 1] == 0 ? 2 : sa[axis - 1] == run ? 1 : -1;
                int wantB = sb[axis - 1] == 0 ? 2 : sb[axis - 1] == run ? 1 : -1;
                if (wantA < 0 || wantB < 0 || (modeA != 0 && modeA != wantA) || (modeB != 0 && modeB != wantB))
                {
                    break;
                }

                modeA = wantA;
                modeB = wantB;
                run *= d;
            }

            axis--;
        }

        bool aScalar = modeA != 1, bScalar = modeB != 1;

        int outer = shape.Length / run;
        float[] ab = a.Buffer, bb = b.Buffer, yb = y.Buffer;
        for (int i = 0; i < outer; i++)
        {
            int rem = i;
            int oa = 0, ob = 0;
            for (int ax = axis - 1; ax >= 0; ax--)
            {
                int coord = rem % dims[ax];
                rem /= dims[ax];
                oa += coord * sa[ax];
                ob += coord * sb[ax];
            }

            var dst = yb.AsSpan(i * run, run);
            if (aScalar && bScalar)
            {
                dst.Fill(Apply(op, ab[oa], bb[ob]));
            }
            else if (aScalar)
            {
                Apply(op, bb.AsSpan(ob, run), ab[oa], dst);
            }
            else if (bScalar)
            {
                Apply(op, ab.AsSpan(oa, run), bb[ob], dst);
            }
            else if (op == OpKind.Add)
            {
                TensorPrimitives.Add(ab.AsSpan(oa, run), bb.AsSpan(ob, run), dst);
            }
            else
            {
                TensorPrimitives.Multiply(ab.AsSpan(oa, run), bb.AsSpan(ob, run), dst);
            }
        }
    }

    public static void Concat(IReadOnlyList<Tensor> inputs, Tensor y)
    {
        if (inputs.Count == 0)
        {
            throw new ArgumentException("concatenation needs at least one input");
        }

        var first = inputs[0].Shape;
        int channels = 0;
        foreach (var t in inputs)
        {
            var s = t.Shape;
            if (s.N != first.N || s.D != first.D || s.H != first.H || s.W != first.W)
            {
                throw new ArgumentException($"concatenation inputs {first} and {s} differ outside the channel axis");
            }

            channels += s.C;
        }

        var expected = first.WithChannels(channels);
        if (y.Shape != expected)
        {
            throw new ArgumentException($"concatenation output {y.Shape} should be {expected}");
        }

        int plane = first.Spatial;
        for (int n = 0; n < first.N; n++)
        {
            int offset = n * channels * plane;
            foreach (var t in inputs)
            {
                int len = t.Shape.C * plane;
                t.Buffer.AsSpan(n * len, len).CopyTo(y.Buffer.AsSpan(offset, len));
                offset += len;
            }
        }
    }

    /// <summary>Splits [0, length) into a few chunks per thread (at least 32 K elements each).</summary>
    internal static void ForChunks(int length, int threads, Action<int, int> body)
    {
        int chunk = Math.Max(32 * 1024, (length + (threads * 4) - 1) / (threads * 4));
        int chunks = (length + chunk - 1) / chunk;
        if (chunks <= 1 || threads <= 1)
        {
            body(0, length);
            return;
        }

        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            int start = i * chunk;
            body(start, Math.Min(chunk, length - start));
        });
    }

    private static int[] Strides(TensorShape s, int[] dims)
    {
        int[] own = [s.N, s.C, s.D, s.H, s.W];
        var strides = new int[5];
        int stride = 1;
        for (int ax = 4; ax >= 0; ax--)
        {
            strides[ax] = own[ax] == 1 && dims[ax] != 1 ? 0 : stride;
            stride *= own[ax];
        }

        return strides;
    }

    private static float Apply(OpKind op, float a, float b) => op == OpKind.Add ? a + b : a * b;

    private static void Apply(OpKind op, ReadOnlySpan<float> x, float s, Span<float> y)
    {
        if (op == OpKind.Add)
        {
            TensorPrimitives.Add(x, s, y);
        }
        else
        {
            TensorPrimitives.Multiply(x, s, y);
        }
    }
}
