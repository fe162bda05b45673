using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace DicomSegNode.Segmentation.Inference;

/// <summary>Weighted sums of patch probabilities and of the weights, then their quotient.</summary>
internal sealed class Accumulator(int classes, int depth, int height, int width, int threads)
{
    private readonly float[] _sum = new float[(long)classes * depth * height * width];
    private readonly float[] _weight = new float[depth * height * width];

    /// <summary>Adds patch probabilities [classes, pd, ph, pw] whose origin is source (z0, y0, x0), clipped to the volume.</summary>
    public void Add(float[] probabilities, float[] weights, int z0, int y0, int x0, int pd, int ph, int pw)
    {
        int plane = depth * height * width;
        int patch = pd * ph * pw;
        int xa = Math.Max(0, -x0), xb = Math.Min(pw, width - x0);
        if (xb <= xa)
        {
            return;
        }

        Parallel.For(0, pd, new ParallelOptions { MaxDegreeOfParallelism = threads }, z =>
        {
            int sz = z0 + z;
            if ((uint)sz >= (uint)depth)
            {
                return;
            }

            for (int y = 0; y < ph; y++)
            {
                int sy = y0 + y;
                if ((uint)sy >= (uint)height)
                {
                    continue;
                }

                int p = (((z * ph) + y) * pw) + xa;
                int v = (((sz * height) + sy) * width) + x0 + xa;
                int n = xb - xa;
                var w = weights.AsSpan(p, n);
                var ws = _weight.AsSpan(v, n);
                TensorPrimitives.Add(ws, w, ws);
                for (int c = 0; c < classes; c++)
                {
                    var dst = _sum.AsSpan((c * plane) + v, n);
                    TensorPrimitives.MultiplyAdd(probabilities.AsSpan((c * patch) + p, n), w, dst, dst);
                }
            }
        });
    }

    public ProbabilityVolume Finish(IReadOnlyList<string> classNames)
    {
        int plane = depth * height * width;
        for (int c = 0; c < classes; c++)
        {
            var s = _sum.AsSpan(c * plane, plane);
            TensorPrimitives.Divide(s, _weight, s);
        }

        return new ProbabilityVolume(classNames, depth, height, width, _sum);
    }
}
