using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Backends.Cpu;

/// <summary>
/// A transposed convolution on the CPU as GEMM + col2im: cols[(k, a, b, e), i] = sum_c W[c, k, a, b, e] x[c, i]
/// (a 1x1 implicit GEMM over the input), then every column is added at its output position
/// o = i * stride - padding + (a, b, e) * dilation. With kernel = stride (the U-Net's upsampling) the
/// positions never overlap, so col2im is a scatter.
/// x: [N, C, D, H, W] -> y: [N, K, oD, oH, oW].
/// </summary>
internal sealed unsafe class CpuTransposedConvolution : IPreparedTransposedConvolution
{
    private readonly float[] _packed;
    private readonly float[] _bias;
    private readonly CpuIsa _isa;

    public CpuTransposedConvolution(TransposedConvolutionParams p, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, CpuIsa isa)
    {
        p.Validate();
        if (weight.Length != p.WeightLength)
        {
            throw new ArgumentException($"transposed convolution weight has {weight.Length} values, {p.InChannels}x{p.OutChannels}x{p.Kernel} needs {p.WeightLength}");
        }

        if (bias.Length != 0 && bias.Length != p.OutChannels)
        {
            throw new ArgumentException($"transposed convolution bias has {bias.Length} values, expected {p.OutChannels}");
        }

        Params = p;
        int kvol = p.Kernel.Volume;
        M = p.OutChannels * kvol;
        var a = new float[M * p.InChannels];
        for (int c = 0; c < p.InChannels; c++)
        {
            for (int k = 0; k < p.OutChannels; k++)
            {
                for (int r = 0; r < kvol; r++)
                {
                    a[((k * kvol) + r) * p.InChannels + c] = weight[((c * p.OutChannels) + k) * kvol + r];
                }
            }
        }

        _isa = isa;
        _packed = CpuConvolution.PackRows(a, M, p.InChannels, MicroKernels.Rows(isa));
        _bias = bias.Length == 0 ? new float[p.OutChannels] : bias.ToArray();
    }

    public TransposedConvolutionParams Params { get; }

    private int M { get; }

    /// <summary>Scratch bytes: the column matrix of one batch item, [K * kvol, D * H * W].</summary>
    internal long WorkspaceBytes(TensorShape x) => (long)M * x.Spatial * sizeof(float);

    public void Run(Tensor x, Tensor y, int threads, TensorPool pool)
    {
        var outShape = Params.OutputShape(x.Shape);
        if (y.Shape != outShape)
        {
            throw new ArgumentException($"transposed convolution output {y.Shape} should be {outShape} for input {x.Shape}");
        }

        var s = x.Shape;
        int plane = s.Spatial;
        // Row c of the implicit B matrix is input channel c.
        if (s.C > 16384)
        {
            throw new ArgumentException($"transposed convolution with {s.C} input channels exceeds the 16384 supported");
        }

        int* prow = stackalloc int[s.C];
        for (int c = 0; c < s.C; c++)
        {
            prow[c] = c * plane;
        }

        var cols = pool.Rent(new TensorShape(1, M, s.D, s.H, s.W));
        try
        {
            fixed (float* px = x.Buffer, pc = cols.Buffer, pa = _packed)
            {
                for (int n = 0; n < s.N; n++)
                {
                    var job = new GemmJob
                    {
                        A = pa,
                        M = M,
                        K = s.C,
                        Output = pc,
                        OutputChannelStride = plane,
                        Isa = _isa,
                        Shifted = true,
                        Source = px + ((long)n * s.C * plane),
                        RowOffsets = prow,
                        Columns = plane,
                        PlaneP = s.H * s.W,
                        RowP = s.W,
                        OutH = s.H,
                        OutW = s.W,
                    };
                    ImplicitGemm.Plan(ref job, threads);
                    ImplicitGemm.Run(job, threads);
                    Col2Im(cols.Buffer, s, y, n, threads);
                }
            }
        }
        finally
        {
            pool.Return(cols);
        }
    }

    /// <summary>Kernel = stride, no padding, dilation or output padding: every output element has exactly one source.</summary>
    private bool IsPartition =>
        Params.Kernel == Params.Stride && Params.Padding == Int3.All(0) && Params.Dilation == Int3.All(1) && Params.OutputPadding == Int3.All(0);

    private void Col2Im(float[] cols, TensorShape s, Tensor y, int n, int threads)
    {
        if (IsPartition)
        {
            Scatter(cols, s, y, n, threads);
            return;
        }

        var p = Params;
        var o = y.Shape;
        var k = p.Kernel;
        int kvol = k.Volume;
        int plane = s.Spatial;
        float[] yb = y.Buffer;
        Parallel.For(0, p.OutChannels, new ParallelOptions { MaxDegreeOfParallelism = threads }, co =>
        {
            var dst = yb.AsSpan(((n * o.C) + co) * o.Spatial, o.Spatial);
            dst.Fill(_bias[co]);
            for (int a = 0; a < k.D; a++)
            {
                for (int b = 0; b < k.H; b++)
                {
                    for (int e = 0; e < k.W; e++)
                    {
                        var col = cols.AsSpan(((co * kvol) + (((a * k.H) + b) * k.W) + e) * plane, plane);
                        for (int id = 0; id < s.D; id++)
                        {
                            int od = (id * p.Stride.D) - p.Padding.D + (a * p.Dilation.D);
                            if ((uint)od >= (uint)o.D)
                            {
                                continue;
                            }

                            for (int ih = 0; ih < s.H; ih++)
                            {
                                int oh = (ih * p.Stride.H) - p.Padding.H + (b * p.Dilation.H);
                                if ((uint)oh >= (uint)o.H)
                                {
                                    continue;
                                }

                                var srcRow = col.Slice(((id * s.H) + ih) * s.W, s.W);
                                var dstRow = dst.Slice(((od * o.H) + oh) * o.W);
                                int ow = -p.Padding.W + (e * p.Dilation.W);
                                for (int iw = 0; iw < s.W; iw++, ow += p.Stride.W)
                                {
                                    if ((uint)ow < (uint)o.W)
                                    {
                                        dstRow[ow] += srcRow[iw];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    // Each output row (co, od, oh) interleaves kW column rows with stride kW: written once, bias added on the way.
    private void Scatter(float[] cols, TensorShape s, Tensor y, int n, int threads)
    {
        var o = y.Shape;
        var k = Params.Kernel;
        int kvol = k.Volume;
        int plane = s.Spatial;
        float[] yb = y.Buffer;
        Parallel.For(0, Params.OutChannels * o.D, new ParallelOptions { MaxDegreeOfParallelism = threads }, job =>
        {
            int co = job / o.D;
            int od = job - (co * o.D);
            int id = od / k.D, a = od - (id * k.D);
            float bias = _bias[co];
            for (int oh = 0; oh < o.H; oh++)
            {
                int ih = oh / k.H, b = oh - (ih * k.H);
                var dst = yb.AsSpan((((n * o.C) + co) * o.Spatial) + (((od * o.H) + oh) * o.W), o.W);
                for (int e = 0; e < k.W; e++)
                {
                    var src = cols.AsSpan((((co * kvol) + (((a * k.H) + b) * k.W) + e) * plane) + (((id * s.H) + ih) * s.W), s.W);
                    for (int iw = 0, ow = e; iw < src.Length; iw++, ow += k.W)
                    {
                        dst[ow] = src[iw] + bias;
                    }
                }
            }
        });
    }
}
