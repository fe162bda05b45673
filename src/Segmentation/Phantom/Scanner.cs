namespace DicomSegNode.Segmentation.Phantom;

/// <summary>The scanner's imprint on the ideal phantom: a Gaussian point spread (separable), then noise, then integer HU.</summary>
internal static class Scanner
{
    public static void BlurAndNoise(PhantomCanvas c, double sigmaXy, double sigmaZ, double noiseHu)
    {
        var size = c.Geometry.Size;
        var hu = c.Hu;
        var scratch = new float[hu.Length];
        Blur(hu, scratch, size.Y * size.Z, size.X, 1, sigmaXy);
        Blur(scratch, hu, size.Z, size.Y, size.X, sigmaXy);
        if (size.Z > 1 && sigmaZ > 0.05)
        {
            Blur(hu, scratch, 1, size.Z, size.SliceVoxels, sigmaZ);
            Array.Copy(scratch, hu, hu.Length);
        }

        var noise = c.Noise;
        Parallel.For(0, size.Z, k =>
        {
            for (int j = 0; j < size.Y; j++)
            {
                int row = size.Index(0, j, k);
                for (int i = 0; i < size.X; i++)
                {
                    int v = row + i;
                    // Outside the patient air is nearly noise-free on real scanners' displays; keep a little.
                    double sigma = hu[v] < -900 ? noiseHu * 0.3 : noiseHu;
                    double value = hu[v] + (sigma * noise.Gaussian(v));
                    hu[v] = (float)Math.Clamp(Math.Round(value), -1024, 3071);
                }
            }
        });
    }

    // Data as [outer][length][inner]; convolve along "length" with a normalised Gaussian, edges clamped.
    private static void Blur(float[] src, float[] dst, int outer, int length, int inner, double sigma)
    {
        int radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var kernel = new float[(2 * radius) + 1];
        double sum = 0;
        for (int t = -radius; t <= radius; t++)
        {
            sum += kernel[t + radius] = (float)Math.Exp(-(t * t) / (2 * sigma * sigma));
        }

        for (int t = 0; t < kernel.Length; t++)
        {
            kernel[t] = (float)(kernel[t] / sum);
        }

        if (inner == 1)
        {
            Parallel.For(0, outer, o =>
            {
                var input = src.AsSpan(o * length, length);
                var output = dst.AsSpan(o * length, length);
                for (int t = 0; t < length; t++)
                {
                    float acc = 0;
                    for (int q = -radius; q <= radius; q++)
                    {
                        acc += kernel[q + radius] * input[Math.Clamp(t + q, 0, length - 1)];
                    }

                    output[t] = acc;
                }
            });
            return;
        }

        int lines = outer * length;
        Parallel.For(0, lines, line =>
        {
            int o = line / length, t = line % length;
            var output = dst.AsSpan((((o * length) + t) * inner), inner);
            output.Clear();
            for (int q = -radius; q <= radius; q++)
            {
                int s = Math.Clamp(t + q, 0, length - 1);
                float w = kernel[q + radius];
                var input = src.AsSpan((((o * length) + s) * inner), inner);
                for (int x = 0; x < inner; x++)
                {
                    output[x] += w * input[x];
                }
            }
        });
    }
}
