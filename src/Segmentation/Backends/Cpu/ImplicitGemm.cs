using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using DicomSegNode.Segmentation.Ops;

namespace DicomSegNode.Segmentation.Backends.Cpu;

/// <summary>
/// Runs a <see cref="GemmJob"/>: the columns are cut into tiles of a few register panels sized for the L2 cache,
/// the tiles (and, when there are few tiles, groups of row blocks) are spread over the worker threads, and
/// each panel goes through the register tile of <see cref="MicroKernels"/> and the fused epilogue.
/// The only buffers are per-thread and grow once; nothing is allocated per tile.
/// </summary>
internal static unsafe class ImplicitGemm
{
    private const int L2BudgetBytes = 384 * 1024;

    [ThreadStatic]
    private static float[]? t_panels;

    [ThreadStatic]
    private static int[]? t_rows;

    [ThreadStatic]
    private static int t_rowsStride;

    /// <summary>Plans the tiling of <paramref name="job"/> for <paramref name="threads"/> workers.</summary>
    public static void Plan(ref GemmJob job, int threads)
    {
        job.NR = 3 * CpuIsaSupport.Lanes(job.Isa);
        job.MR = MicroKernels.Rows(job.Isa);
        int panelBytes = job.K * job.NR * sizeof(float);
        int panels = Math.Clamp(L2BudgetBytes / Math.Max(panelBytes, 1), 1, 16);
        int totalPanels = (job.Columns + job.NR - 1) / job.NR;
        int mBlocks = (job.M + job.MR - 1) / job.MR;

        // Enough work items to keep every thread busy to the end (several per thread), from columns first.
        int wanted = threads * 4;
        panels = Math.Max(1, Math.Min(panels, (totalPanels + wanted - 1) / wanted));
        job.PanelsPerTile = panels;
        job.Tiles = (totalPanels + panels - 1) / panels;
        int groups = Math.Clamp((wanted + job.Tiles - 1) / job.Tiles, 1, mBlocks);
        job.BlocksPerGroup = (mBlocks + groups - 1) / groups;
        job.MGroups = (mBlocks + job.BlocksPerGroup - 1) / job.BlocksPerGroup;
    }

    /// <summary>Runs the planned job on up to <paramref name="threads"/> threads.</summary>
    public static void Run(GemmJob job, int threads)
    {
        int items = job.WorkItems;
        if (threads <= 1 || items == 1)
        {
            for (int i = 0; i < items; i++)
            {
                Execute(in job, i);
            }

            return;
        }

        Parallel.For(0, items, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => Execute(in job, i));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Execute(in GemmJob job, int item)
    {
        int nr = job.NR;
        int mr = job.MR;
        int tile = item / job.MGroups;
        int group = item - (tile * job.MGroups);
        int tileCols = job.PanelsPerTile * nr;
        int v0 = tile * tileCols;
        int cols = Math.Min(tileCols, job.Columns - v0);
        int panels = (cols + nr - 1) / nr;
        int mBlocks = (job.M + mr - 1) / mr;
        int mb0 = group * job.BlocksPerGroup;
        int mb1 = Math.Min(mBlocks, mb0 + job.BlocksPerGroup);

        // Panels that must be materialised: all of them in gather mode, only a ragged last one in shifted mode.
        bool ragged = cols % nr != 0;
        int packed = job.Shifted ? (ragged ? 1 : 0) : panels;
        float* packBase = null;
        int* identityRows = null;
        if (packed > 0)
        {
            float[] buffer = EnsurePanels(packed * job.K * nr);
            packBase = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
            int[] rows = EnsureRows(job.K, nr);
            identityRows = (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(rows));
            if (job.Shifted)
            {
                PackShifted(in job, v0 + ((panels - 1) * nr), cols - ((panels - 1) * nr), packBase);
            }
            else
            {
                for (int p = 0; p < panels; p++)
                {
                    PackGather(in job, v0 + (p * nr), Math.Min(nr, cols - (p * nr)), packBase + ((long)p * job.K * nr));
                }
            }
        }

        float* acc = stackalloc float[MicroKernels.MaxRows * MicroKernels.MaxColumns];
        for (int mb = mb0; mb < mb1; mb++)
        {
            float* a = job.A + ((long)mb * job.K * mr);
            int rows = Math.Min(mr, job.M - (mb * mr));
            for (int p = 0; p < panels; p++)
            {
                int v = v0 + (p * nr);
                int n = Math.Min(nr, cols - (p * nr));
                float* bBase;
                int* bRows;
                if (!job.Shifted)
                {
                    bBase = packBase + ((long)p * job.K * nr);
                    bRows = identityRows;
                }
                else if (n < nr)
                {
                    bBase = packBase;
                    bRows = identityRows;
                }
                else
                {
                    bBase = job.Source + v;
                    bRows = job.RowOffsets;
                }

                switch (job.Isa)
                {
                    case CpuIsa.Avx512: MicroKernels.Tile512x8(a, bBase, bRows, job.K, acc); break;
                    case CpuIsa.Avx2: MicroKernels.Tile256(a, bBase, bRows, job.K, acc); break;
                    default: MicroKernels.Tile128(a, bBase, bRows, job.K, acc); break;
                }

                Epilogue(in job, mb * mr, rows, v, n, acc);
            }
        }
    }

    private static void PackShifted(in GemmJob job, int v, int n, float* dst)
    {
        int nr = job.NR;
        for (int k = 0; k < job.K; k++)
        {
            float* s = job.Source + job.RowOffsets[k] + v;
            float* d = dst + ((long)k * nr);
            int j = 0;
            for (; j < n; j++)
            {
                d[j] = s[j];
            }

            for (; j < nr; j++)
            {
                d[j] = 0f;
            }
        }
    }

    private static void PackGather(in GemmJob job, int v, int n, float* dst)
    {
        int nr = job.NR;
        int outHW = job.OutH * job.OutW;
        int inPlane = job.InD * job.InH * job.InW;
        int* baseD = stackalloc int[48];
        int* baseH = stackalloc int[48];
        int* baseW = stackalloc int[48];
        for (int j = 0; j < n; j++)
        {
            int o = v + j;
            int od = o / outHW;
            int rem = o - (od * outHW);
            int oh = rem / job.OutW;
            int ow = rem - (oh * job.OutW);
            baseD[j] = (od * job.Stride.D) - job.Padding.D;
            baseH[j] = (oh * job.Stride.H) - job.Padding.H;
            baseW[j] = (ow * job.Stride.W) - job.Padding.W;
        }

        int kvol = job.Kernel.Volume;
        int khw = job.Kernel.H * job.Kernel.W;
        for (int k = 0; k < job.K; k++)
        {
            int ci = k / kvol;
            int r = k - (ci * kvol);
            int a = r / khw;
            int b = (r - (a * khw)) / job.Kernel.W;
            int c = r - (a * khw) - (b * job.Kernel.W);
            float* src = job.Source + ((long)ci * inPlane);
            float* d = dst + ((long)k * nr);
            for (int j = 0; j < nr; j++)
            {
                float value = 0f;
                if (j < n)
                {
                    int id = baseD[j] + (a * job.Dilation.D);
                    int ih = baseH[j] + (b * job.Dilation.H);
                    int iw = baseW[j] + (c * job.Dilation.W);
                    if ((uint)id < (uint)job.InD && (uint)ih < (uint)job.InH && (uint)iw < (uint)job.InW)
                    {
                        value = src[(((id * job.InH) + ih) * job.InW) + iw];
                    }
                }

                d[j] = value;
            }
        }
    }

    private static void Epilogue(in GemmJob job, int m0, int rows, int v0, int n, float* acc)
    {
        int nr = job.NR;
        for (int r = 0; r < rows; r++)
        {
            int co = m0 + r;
            float bias = job.Bias is null ? 0f : job.Bias[co];
            float* accRow = acc + (r * nr);
            long channelBase = (long)co * job.OutputChannelStride;
            if (!job.Shifted)
            {
                Store(in job, accRow, channelBase + v0, n, bias);
                continue;
            }

            int v = v0;
            int end = v0 + n;
            while (v < end)
            {
                int d = v / job.PlaneP;
                int rem = v - (d * job.PlaneP);
                int h = rem / job.RowP;
                int w = rem - (h * job.RowP);
                int segment = Math.Min(end - v, job.RowP - w);
                if (h < job.OutH && w < job.OutW)
                {
                    int len = Math.Min(segment, job.OutW - w);
                    long o = channelBase + (((long)d * job.OutH * job.OutW) + ((long)h * job.OutW) + w);
                    Store(in job, accRow + (v - v0), o, len, bias);
                }

                v += segment;
            }
        }
    }

    private static void Store(in GemmJob job, float* values, long offset, int len, float bias)
    {
        var src = new ReadOnlySpan<float>(values, len);
        var dst = new Span<float>(job.Output + offset, len);
        TensorPrimitives.Add(src, bias, dst);
        if (job.Residual is not null)
        {
            TensorPrimitives.Add(dst, new ReadOnlySpan<float>(job.Residual + offset, len), dst);
        }

        switch (job.Activation)
        {
            case Activation.Relu: TensorPrimitives.Max(dst, 0f, dst); break;
            case Activation.Sigmoid: TensorPrimitives.Sigmoid(dst, dst); break;
            default: break;
        }
    }

    private static float[] EnsurePanels(int length)
    {
        var buffer = t_panels;
        if (buffer is null || buffer.Length < length)
        {
            buffer = GC.AllocateUninitializedArray<float>(length, pinned: true);
            t_panels = buffer;
        }

        return buffer;
    }

    /// <summary>Row offsets 0, nr, 2 nr, ... for reading packed panels (refilled only when nr or k grows).</summary>
    private static int[] EnsureRows(int k, int nr)
    {
        var rows = t_rows;
        if (rows is null || rows.Length < k || t_rowsStride != nr)
        {
            rows = GC.AllocateUninitializedArray<int>(Math.Max(k, rows?.Length ?? 0), pinned: true);
            for (int i = 0; i < rows.Length; i++)
            {
                rows[i] = i * nr;
            }

            t_rows = rows;
            t_rowsStride = nr;
        }

        return rows;
    }
}
