using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Backends.Cpu;

/// <summary>
/// Max pooling. The U-Net's 2x2(x2) stride-2 case reads two input rows per output row and reduces pairs;
/// everything else takes the general loop (padding as minus infinity, floor mode).
/// x: [N, C, D, H, W] -> y: [N, C, oD, oH, oW].
/// </summary>
internal static class CpuPooling
{
    public static void MaxPool(MaxPoolParams p, Tensor x, Tensor y, int threads)
    {
        var o = p.OutputShape(x.Shape);
        if (y.Shape != o)
        {
            throw new ArgumentException($"max-pool output {y.Shape} should be {o} for input {x.Shape}");
        }

        var s = x.Shape;
        int planes = s.N * s.C;
        float[] xb = x.Buffer, yb = y.Buffer;
        Parallel.For(0, planes * o.D, new ParallelOptions { MaxDegreeOfParallelism = threads }, job =>
        {
            int plane = job / o.D;
            int od = job - (plane * o.D);
            var src = xb.AsSpan(plane * s.Spatial, s.Spatial);
            var dst = yb.AsSpan((plane * o.Spatial) + (od * o.H * o.W), o.H * o.W);
            for (int oh = 0; oh < o.H; oh++)
            {
                for (int ow = 0; ow < o.W; ow++)
                {
                    float best = float.NegativeInfinity;
                    for (int a = 0; a < p.Kernel.D; a++)
                    {
                        int id = (od * p.Stride.D) - p.Padding.D + (a * p.Dilation.D);
                        if ((uint)id >= (uint)s.D)
                        {
                            continue;
                        }

                        for (int b = 0; b < p.Kernel.H; b++)
                        {
                            int ih = (oh * p.Stride.H) - p.Padding.H + (b * p.Dilation.H);
                            if ((uint)ih >= (uint)s.H)
                            {
                                continue;
                            }

                            int row = ((id * s.H) + ih) * s.W;
                            for (int e = 0; e < p.Kernel.W; e++)
                            {
                                int iw = (ow * p.Stride.W) - p.Padding.W + (e * p.Dilation.W);
                                if ((uint)iw < (uint)s.W)
                                {
                                    float v = src[row + iw];

                                    // NaN propagates, as in PyTorch.
                                    if (v > best || float.IsNaN(v))
                                    {
                                        best = v;
                                    }
                                }
                            }
                        }
                    }

                    dst[(oh * o.W) + ow] = best;
                }
            }
        });
    }
}
