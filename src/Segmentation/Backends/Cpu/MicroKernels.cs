using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DicomSegNode.Segmentation.Backends.Cpu;

/// <summary>
/// GEMM register tiles: c[MR x NR] = a-panel [K x MR] * b-panel [K x NR], NR = 3 vectors, MR = 8 rows with
/// AVX-512 (24 accumulators in 32 registers) or 4 rows otherwise (12 accumulators in 16 registers): each step
/// loads 3 vectors of B and broadcasts MR scalars of A for 3 MR fused multiply-adds, all accumulators staying in
/// registers for the whole K loop.
/// A is packed [K][MR]; row p of B is read at bBase + bRows[p] (an implicit im2col: for a stride-1
/// convolution the rows are shifted views of the padded input, so B is never copied).
/// </summary>
internal static unsafe class MicroKernels
{
    /// <summary>Rows of the widest tile; sizes the accumulator scratch.</summary>
    public const int MaxRows = 8;

    /// <summary>Columns of the widest tile.</summary>
    public const int MaxColumns = 48;

    /// <summary>Rows of A per tile for an ISA: 8 with AVX-512's 32 registers, else 4.</summary>
    public static int Rows(CpuIsa isa) => isa == CpuIsa.Avx512 ? 8 : 4;

    /// <summary>AVX-512, 8 rows x 48 columns: 24 accumulators of the 32 registers; per step 3 loads, 8 broadcasts, 24 FMAs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile512x8(float* a, float* bBase, int* bRows, int k, float* c)
    {
        Vector512<float> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default, c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default, c40 = default, c41 = default, c42 = default, c50 = default, c51 = default, c52 = default, c60 = default, c61 = default, c62 = default, c70 = default, c71 = default, c72 = default;
        for (int p = 0; p < k; p++)
        {
            float* b = bBase + bRows[p];
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var b2 = Vector512.Load(b + 32);
            var a0 = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            c02 = Avx512F.FusedMultiplyAdd(a0, b2, c02);
            var a1 = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            c12 = Avx512F.FusedMultiplyAdd(a1, b2, c12);
            var a2 = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            c22 = Avx512F.FusedMultiplyAdd(a2, b2, c22);
            var a3 = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            c32 = Avx512F.FusedMultiplyAdd(a3, b2, c32);
            var a4 = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
            c42 = Avx512F.FusedMultiplyAdd(a4, b2, c42);
            var a5 = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
            c52 = Avx512F.FusedMultiplyAdd(a5, b2, c52);
            var a6 = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
            c62 = Avx512F.FusedMultiplyAdd(a6, b2, c62);
            var a7 = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
            c72 = Avx512F.FusedMultiplyAdd(a7, b2, c72);
            a += 8;
        }

        c00.Store(c + 0); c01.Store(c + 16); c02.Store(c + 32);
        c10.Store(c + 48); c11.Store(c + 64); c12.Store(c + 80);
        c20.Store(c + 96); c21.Store(c + 112); c22.Store(c + 128);
        c30.Store(c + 144); c31.Store(c + 160); c32.Store(c + 176);
        c40.Store(c + 192); c41.Store(c + 208); c42.Store(c + 224);
        c50.Store(c + 240); c51.Store(c + 256); c52.Store(c + 272);
        c60.Store(c + 288); c61.Store(c + 304); c62.Store(c + 320);
        c70.Store(c + 336); c71.Store(c + 352); c72.Store(c + 368);
    }

    /// <summary>AVX2 + FMA, 4 rows x 24 columns: 12 accumulators of the 16 registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile256(float* a, float* bBase, int* bRows, int k, float* c)
    {
        Vector256<float> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default;
        Vector256<float> c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
        for (int p = 0; p < k; p++)
        {
            float* b = bBase + bRows[p];
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var b2 = Vector256.Load(b + 16);
            var a0 = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(a0, b0, c00);
            c01 = Fma.MultiplyAdd(a0, b1, c01);
            c02 = Fma.MultiplyAdd(a0, b2, c02);
            var a1 = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(a1, b0, c10);
            c11 = Fma.MultiplyAdd(a1, b1, c11);
            c12 = Fma.MultiplyAdd(a1, b2, c12);
            var a2 = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(a2, b0, c20);
            c21 = Fma.MultiplyAdd(a2, b1, c21);
            c22 = Fma.MultiplyAdd(a2, b2, c22);
            var a3 = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(a3, b0, c30);
            c31 = Fma.MultiplyAdd(a3, b1, c31);
            c32 = Fma.MultiplyAdd(a3, b2, c32);
            a += 4;
        }

        c00.Store(c); c01.Store(c + 8); c02.Store(c + 16);
        c10.Store(c + 24); c11.Store(c + 32); c12.Store(c + 40);
        c20.Store(c + 48); c21.Store(c + 56); c22.Store(c + 64);
        c30.Store(c + 72); c31.Store(c + 80); c32.Store(c + 88);
    }

    /// <summary>The portable path: 128-bit vectors (hardware where present, software otherwise), multiply then add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile128(float* a, float* bBase, int* bRows, int k, float* c)
    {
        Vector128<float> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default;
        Vector128<float> c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
        for (int p = 0; p < k; p++)
        {
            float* b = bBase + bRows[p];
            var b0 = Vector128.Load(b);
            var b1 = Vector128.Load(b + 4);
            var b2 = Vector128.Load(b + 8);
            var a0 = Vector128.Create(a[0]);
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2;
            var a1 = Vector128.Create(a[1]);
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2;
            var a2 = Vector128.Create(a[2]);
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2;
            var a3 = Vector128.Create(a[3]);
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2;
            a += 4;
        }

        c00.Store(c); c01.Store(c + 4); c02.Store(c + 8);
        c10.Store(c + 12); c11.Store(c + 16); c12.Store(c + 20);
        c20.Store(c + 24); c21.Store(c + 28); c22.Store(c + 32);
        c30.Store(c + 36); c31.Store(c + 40); c32.Store(c + 44);
    }
}
