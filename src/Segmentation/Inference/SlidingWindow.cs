namespace DicomSegNode.Segmentation.Inference;

/// <summary>
/// Patch placement and blending weights for sliding-window inference, as nnU-Net does it: along each axis
/// ceil((size - patch) / (patch * (1 - overlap))) + 1 patches, spread evenly from one end to the other so
/// the first and last touch the borders; blending weights a Gaussian centred on the patch with sigma = patch * scale,
/// normalised to 1 at the centre and kept above a small floor so no voxel has zero weight.
/// </summary>
internal static class SlidingWindow
{
    /// <summary>Start offsets of the patches along an axis of <paramref name="size"/> (&gt;= <paramref name="patch"/>).</summary>
    public static int[] Starts(int size, int patch, double overlap)
    {
        if (size <= patch)
        {
            return [0];
        }

        double step = Math.Max(1.0, patch * (1 - overlap));
        int count = (int)Math.Ceiling((size - patch) / step) + 1;
        var starts = new int[count];
        double actual = (double)(size - patch) / (count - 1);
        for (int i = 0; i < count; i++)
        {
            starts[i] = (int)Math.Round(i * actual);
        }

        return starts;
    }

    /// <summary>Blending weights over a patch of (d, h, w): a separable Gaussian, or ones.</summary>
    public static float[] Weights(int d, int h, int w, bool gaussian, double sigmaScale, bool gaussianAlongDepth)
    {
        var weights = new float[d * h * w];
        if (!gaussian)
        {
            Array.Fill(weights, 1f);
            return weights;
        }

        double[] gd = gaussianAlongDepth ? Profile(d, sigmaScale) : Enumerable.Repeat(1.0, d).ToArray();
        double[] gh = Profile(h, sigmaScale);
        double[] gw = Profile(w, sigmaScale);
        const double Floor = 1e-4;
        int i = 0;
        for (int z = 0; z < d; z++)
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    weights[i++] = (float)Math.Max(gd[z] * gh[y] * gw[x], Floor);
                }
            }
        }

        return weights;
    }

    private static double[] Profile(int n, double sigmaScale)
    {
        double sigma = Math.Max(n * sigmaScale, 1e-3);
        double centre = (n - 1) / 2.0;
        var g = new double[n];
        double max = 0;
        for (int i = 0; i < n; i++)
        {
            double t = (i - centre) / sigma;
            g[i] = Math.Exp(-0.5 * t * t);
            max = Math.Max(max, g[i]);
        }

        for (int i = 0; i < n; i++)
        {
            g[i] /= max;
        }

        return g;
    }
}
