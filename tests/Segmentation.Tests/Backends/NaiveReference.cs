using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Tests.Backends;

/// <summary>Scalar reference implementations written straight from the definitions (PyTorch's semantics), in double.</summary>
internal static class NaiveReference
{
    public static float[] Convolution(ConvolutionParams p, TensorShape xs, float[] x, float[] w, float[]? bias, float[]? residual, Activation act)
    {
        var o = p.OutputShape(xs);
        var y = new float[o.Length];
        var k = p.Kernel;
        for (int n = 0; n < o.N; n++)
        for (int co = 0; co < o.C; co++)
        for (int od = 0; od < o.D; od++)
        for (int oh = 0; oh < o.H; oh++)
        for (int ow = 0; ow < o.W; ow++)
        {
            double sum = bias?[co] ?? 0;
            for (int ci = 0; ci < xs.C; ci++)
            for (int a = 0; a < k.D; a++)
            for (int b = 0; b < k.H; b++)
            for (int e = 0; e < k.W; e++)
            {
                int id = (od * p.Stride.D) - p.Padding.D + (a * p.Dilation.D);
                int ih = (oh * p.Stride.H) - p.Padding.H + (b * p.Dilation.H);
                int iw = (ow * p.Stride.W) - p.Padding.W + (e * p.Dilation.W);
                if (id < 0 || id >= xs.D || ih < 0 || ih >= xs.H || iw < 0 || iw >= xs.W)
                {
                    continue;
                }

                sum += (double)w[((((((co * xs.C) + ci) * k.D) + a) * k.H) + b) * k.W + e]
                    * x[(((((n * xs.C) + ci) * xs.D) + id) * xs.H + ih) * xs.W + iw];
            }

            int i = (((((n * o.C) + co) * o.D) + od) * o.H + oh) * o.W + ow;
            if (residual is not null)
            {
                sum += residual[i];
            }

            y[i] = Activate(sum, act);
        }

        return y;
    }

    public static float[] TransposedConvolution(TransposedConvolutionParams p, TensorShape xs, float[] x, float[] w, float[]? bias)
    {
        var o = p.OutputShape(xs);
        var y = new double[o.Length];
        var k = p.Kernel;
        for (int n = 0; n < o.N; n++)
        for (int co = 0; co < o.C; co++)
        {
            for (int i = 0; i < o.Spatial; i++)
            {
                y[((n * o.C) + co) * o.Spatial + i] = bias?[co] ?? 0;
            }

            for (int ci = 0; ci < xs.C; ci++)
            for (int id = 0; id < xs.D; id++)
            for (int ih = 0; ih < xs.H; ih++)
            for (int iw = 0; iw < xs.W; iw++)
            for (int a = 0; a < k.D; a++)
            for (int b = 0; b < k.H; b++)
            for (int e = 0; e < k.W; e++)
            {
                int od = (id * p.Stride.D) - p.Padding.D + (a * p.Dilation.D);
                int oh = (ih * p.Stride.H) - p.Padding.H + (b * p.Dilation.H);
                int ow = (iw * p.Stride.W) - p.Padding.W + (e * p.Dilation.W);
                if (od < 0 || od >= o.D || oh < 0 || oh >= o.H || ow < 0 || ow >= o.W)
                {
                    continue;
                }

                y[(((((n * o.C) + co) * o.D) + od) * o.H + oh) * o.W + ow] +=
                    (double)w[((((((ci * o.C) + co) * k.D) + a) * k.H) + b) * k.W + e]
                    * x[(((((n * xs.C) + ci) * xs.D) + id) * xs.H + ih) * xs.W + iw];
            }
        }

        return y.Select(v => (float)v).ToArray();
    }

    public static float[] MaxPool(MaxPoolParams p, TensorShape xs, float[] x)
    {
        var o = p.OutputShape(xs);
        var y = new float[o.Length];
        var k = p.Kernel;
        for (int nc = 0; nc < o.N * o.C; nc++)
        for (int od = 0; od < o.D; od++)
        for (int oh = 0; oh < o.H; oh++)
        for (int ow = 0; ow < o.W; ow++)
        {
            float best = float.NegativeInfinity;
            for (int a = 0; a < k.D; a++)
            for (int b = 0; b < k.H; b++)
            for (int e = 0; e < k.W; e++)
            {
                int id = (od * p.Stride.D) - p.Padding.D + (a * p.Dilation.D);
                int ih = (oh * p.Stride.H) - p.Padding.H + (b * p.Dilation.H);
                int iw = (ow * p.Stride.W) - p.Padding.W + (e * p.Dilation.W);
                if (id >= 0 && id < xs.D && ih >= 0 && ih < xs.H && iw >= 0 && iw < xs.W)
                {
                    best = Math.Max(best, x[((nc * xs.D + id) * xs.H + ih) * xs.W + iw]);
                }
            }

            y[((nc * o.D + od) * o.H + oh) * o.W + ow] = best;
        }

        return y;
    }

    public static float[] Softmax(TensorShape s, float[] x)
    {
        var y = new float[s.Length];
        for (int n = 0; n < s.N; n++)
        for (int i = 0; i < s.Spatial; i++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < s.C; c++)
            {
                max = Math.Max(max, x[((n * s.C) + c) * s.Spatial + i]);
            }

            double sum = 0;
            for (int c = 0; c < s.C; c++)
            {
                sum += Math.Exp(x[((n * s.C) + c) * s.Spatial + i] - max);
            }

            for (int c = 0; c < s.C; c++)
            {
                y[((n * s.C) + c) * s.Spatial + i] = (float)(Math.Exp(x[((n * s.C) + c) * s.Spatial + i] - max) / sum);
            }
        }

        return y;
    }

    public static float[] Broadcast(TensorShape a, float[] av, TensorShape b, float[] bv, Func<float, float, float> f)
    {
        var o = Broadcasting.Shape(a, b);
        var y = new float[o.Length];
        int i = 0;
        for (int n = 0; n < o.N; n++)
        for (int c = 0; c < o.C; c++)
        for (int d = 0; d < o.D; d++)
        for (int h = 0; h < o.H; h++)
        for (int w = 0; w < o.W; w++)
        {
            y[i++] = f(av[Index(a, n, c, d, h, w)], bv[Index(b, n, c, d, h, w)]);
        }

        return y;
    }

    public static float Activate(double v, Activation act) => act switch
    {
        Activation.Relu => (float)Math.Max(v, 0),
        Activation.Sigmoid => (float)(1 / (1 + Math.Exp(-v))),
        _ => (float)v,
    };

    public static float[] Random(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
    }

    /// <summary>Asserts finite values first, then max |a - e| &lt;= atol + rtol * max |e|.</summary>
    public static void AssertClose(float[] expected, ReadOnlySpan<float> actual, double atol = 1e-5, double rtol = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0, maxErr = 0;
        int worst = -1;
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.False(float.IsNaN(actual[i]) || float.IsInfinity(actual[i]) != float.IsInfinity(expected[i]), $"element {i} is {actual[i]}, expected {expected[i]}");
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }

        for (int i = 0; i < actual.Length; i++)
        {
            double err = float.IsInfinity(expected[i]) && expected[i] == actual[i] ? 0 : Math.Abs(actual[i] - expected[i]);
            if (err > maxErr)
            {
                maxErr = err;
                worst = i;
            }
        }

        Assert.True(maxErr <= atol + (rtol * scale), $"max error {maxErr:E3} at element {worst} (expected {(worst >= 0 ? expected[worst] : 0)}, got {(worst >= 0 ? actual[worst] : 0)}), bound {atol + (rtol * scale):E3}");
    }

    private static int Index(TensorShape s, int n, int c, int d, int h, int w) =>
        (((((n % s.N) * s.C) + (c % s.C)) * s.D + (d % s.D)) * s.H + (h % s.H)) * s.W + (w % s.W);
}
