using System.Runtime.InteropServices;
using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Segmentation.Backends.Cpu;

/// <summary>
/// A convolution prepared for the CPU: weights [K, C*kvol] packed into row blocks [K/MR][C*kvol][MR] for the ISA's tile height
/// (zero rows pad the last block), bias kept (zeros when absent).
/// x: [N, C, D, H, W] -> y: [N, K, oD, oH, oW] via <see cref="ImplicitGemm"/>.
/// </summary>
internal sealed unsafe class CpuConvolution : IPreparedConvolution
{
    private readonly float[] _packed;
    private readonly float[] _bias;
    private RowTable? _rows;

    public CpuConvolution(ConvolutionParams p, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, CpuIsa isa)
    {
        p.Validate();
        if (weight.Length != p.WeightLength)
        {
            throw new ArgumentException($"convolution weight has {weight.Length} values, {p.OutChannels}x{p.InChannels}x{p.Kernel} needs {p.WeightLength}");
        }

        if (bias.Length != 0 && bias.Length != p.OutChannels)
        {
            throw new ArgumentException($"convolution bias has {bias.Length} values, expected {p.OutChannels}");
        }

        Params = p;
        M = p.OutChannels;
        K = p.InChannels * p.Kernel.Volume;
        Isa = isa;
        _packed = PackRows(weight, M, K, MicroKernels.Rows(isa));
        _bias = bias.Length == 0 ? new float[M] : bias.ToArray();
    }

    public ConvolutionParams Params { get; }

    internal CpuIsa Isa { get; }

    internal int M { get; }

    internal int K { get; }

    /// <summary>Packs a row-major [m, k] matrix into MR-row blocks: block b holds A[b*MR + r, k] at [k][r].</summary>
    internal static float[] PackRows(ReadOnlySpan<float> a, int m, int k, int mr)
    {
        int blocks = (m + mr - 1) / mr;
        var packed = GC.AllocateArray<float>(blocks * k * mr, pinned: true);
        for (int b = 0; b < blocks; b++)
        {
            for (int r = 0; r < mr && (b * mr) + r < m; r++)
            {
                var row = a.Slice(((b * mr) + r) * k, k);
                for (int j = 0; j < k; j++)
                {
                    packed[(((b * k) + j) * mr) + r] = row[j];
                }
            }
        }

        return packed;
    }

    /// <summary>Whether this convolution takes the copy-free shifted path (stride 1) rather than gathering.</summary>
    internal bool IsShifted => Params.Stride == Int3.All(1);

    /// <summary>Scratch bytes for input shape <paramref name="x"/>: the zero-padded copy of one batch item.</summary>
    internal long WorkspaceBytes(TensorShape x)
    {
        var pad = Params.Padding;
        if (!IsShifted || pad == Int3.All(0))
        {
            return 0;
        }

        return (long)x.C * (x.D + (2 * pad.D)) * (x.H + (2 * pad.H)) * (x.W + (2 * pad.W)) * sizeof(float);
    }

    public void Run(Tensor x, Tensor y, Tensor? residual, Activation activation, int threads, TensorPool pool)
    {
        var outShape = Params.OutputShape(x.Shape);
        if (y.Shape != outShape)
        {
            throw new ArgumentException($"convolution output {y.Shape} should be {outShape} for input {x.Shape}");
        }

        if (residual is not null && residual.Shape != outShape)
        {
            throw new ArgumentException($"residual {residual.Shape} should be {outShape}");
        }

        var s = x.Shape;
        var pad = Params.Padding;
        bool copyPadded = IsShifted && pad != Int3.All(0);
        int dp = s.D + (2 * pad.D), hp = s.H + (2 * pad.H), wp = s.W + (2 * pad.W);
        Tensor? padded = copyPadded ? pool.Rent(new TensorShape(1, s.C, dp, hp, wp)) : null;
        try
        {
            fixed (float* px = x.Buffer, py = y.Buffer, pr = residual?.Buffer, pa = _packed, pb = _bias)
            fixed (float* ppad = padded?.Buffer)
            {
                int inItem = s.C * s.Spatial;
                int outItem = outShape.C * outShape.Spatial;
                for (int n = 0; n < s.N; n++)
                {
                    var job = new GemmJob
                    {
                        A = pa,
                        M = M,
                        K = K,
                        Bias = pb,
                        Activation = activation,
                        Residual = pr is null ? null : pr + ((long)n * outItem),
                        Output = py + ((long)n * outItem),
                        OutputChannelStride = outShape.Spatial,
                        Isa = Isa,
                        OutH = outShape.H,
                        OutW = outShape.W,
                    };
                    float* src = px + ((long)n * inItem);
                    if (IsShifted)
                    {
                        if (copyPadded)
                        {
                            CopyPadded(src, s, ppad, dp, hp, wp, pad, threads);
                            src = ppad;
                        }

                        var rows = Rows(s.C, dp, hp, wp);
                        fixed (int* prow = rows.Offsets)
                        {
                            job.Shifted = true;
                            job.Source = src;
                            job.RowOffsets = prow;
                            job.PlaneP = hp * wp;
                            job.RowP = wp;
                            job.Columns = ((outShape.D - 1) * hp * wp) + ((outShape.H - 1) * wp) + outShape.W;
                            ImplicitGemm.Plan(ref job, threads);
                            ImplicitGemm.Run(job, threads);
                        }
                    }
                    else
                    {
                        job.Source = src;
                        job.InD = s.D;
                        job.InH = s.H;
                        job.InW = s.W;
                        job.OutD = outShape.D;
                        job.Kernel = Params.Kernel;
                        job.Stride = Params.Stride;
                        job.Padding = pad;
                        job.Dilation = Params.Dilation;
                        job.Columns = outShape.Spatial;
                        ImplicitGemm.Plan(ref job, threads);
                        ImplicitGemm.Run(job, threads);
                    }
                }
            }
        }
        finally
        {
            if (padded is not null)
            {
                pool.Return(padded);
            }
        }
    }

    /// <summary>
    /// Writes x into the zero-padded buffer in one pass, channels in parallel: interior rows are copied with
    /// their left and right margins zeroed, margin rows and planes are zeroed, so no separate clearing pass is needed.
    /// </summary>
    private static void CopyPadded(float* src, TensorShape s, float* dst, int dp, int hp, int wp, Int3 pad, int threads)
    {
        nint srcAddress = (nint)src, dstAddress = (nint)dst;
        Parallel.For(0, s.C, new ParallelOptions { MaxDegreeOfParallelism = threads }, c =>
        {
            float* from0 = (float*)srcAddress + ((long)c * s.Spatial);
            float* to0 = (float*)dstAddress + ((long)c * dp * hp * wp);
            for (int d = 0; d < dp; d++)
            {
                float* plane = to0 + ((long)d * hp * wp);
                int sd = d - pad.D;
                if ((uint)sd >= (uint)s.D)
                {
                    new Span<float>(plane, hp * wp).Clear();
                    continue;
                }

                for (int h = 0; h < hp; h++)
                {
                    float* row = plane + ((long)h * wp);
                    int sh = h - pad.H;
                    if ((uint)sh >= (uint)s.H)
                    {
                        new Span<float>(row, wp).Clear();
                        continue;
                    }

                    new Span<float>(row, pad.W).Clear();
                    new ReadOnlySpan<float>(from0 + ((((long)sd * s.H) + sh) * s.W), s.W).CopyTo(new Span<float>(row + pad.W, s.W));
                    new Span<float>(row + pad.W + s.W, wp - pad.W - s.W).Clear();
                }
            }
        });
    }

    /// <summary>Row k = (c, a, b, e) of the implicit B matrix starts at c*plane + a*dD*Hp*Wp + b*dH*Wp + e*dW.</summary>
    private RowTable Rows(int channels, int dp, int hp, int wp)
    {
        var cached = _rows;
        if (cached is not null && cached.Dp == dp && cached.Hp == hp && cached.Wp == wp)
        {
            return cached;
        }

        var k = Params.Kernel;
        var dil = Params.Dilation;
        var offsets = GC.AllocateArray<int>(channels * k.Volume, pinned: true);
        int i = 0;
        for (int c = 0; c < channels; c++)
        {
            for (int a = 0; a < k.D; a++)
            {
                for (int b = 0; b < k.H; b++)
                {
                    for (int e = 0; e < k.W; e++)
                    {
                        offsets[i++] = (c * dp * hp * wp) + (a * dil.D * hp * wp) + (b * dil.H * wp) + (e * dil.W);
                    }
                }
            }
        }

        cached = new RowTable(dp, hp, wp, offsets);
        _rows = cached;
        return cached;
    }

    private sealed record RowTable(int Dp, int Hp, int Wp, int[] Offsets);
}
