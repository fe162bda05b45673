using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DicomSegNode.Segmentation.Backends.Cpu;

/// <summary>
/// GEMM register tiles: c[MR x NR] = a-panel [K x MR] * b-panel [K x NR], MR = 4 rows, NR = 3 vectors.
/// Twelve accumulators stay in registers for the whole K loop (16 registers with AVX2, 32 with AVX-512);
/// each step loads 3 vectors of B and broadcasts 4 scalars of A for 12 fused multiply-adds.
/// A is packed [K][MR]; row p of B is read at bBase + bRows[p] (an implicit im2col: for a stride-1
/// convolution the rows are shifted views of the padded input, so B is never copied).
/// </summary>
internal static unsafe class MicroKernels
{
    public const int MR = 4;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile512(float* a, float* bBase, int* bRows, int k, float* c)
    {
        Vector512<float> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
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
            a += MR;
        }

        c00.Store(c); c01.Store(c + 16); c02.Store(c + 32);
        c10.Store(c + 48); c11.Store(c + 64); c12.Store(c + 80);
        c20.Store(c + 96); c21.Store(c + 112); c22.Store(c + 128);
        c30.Store(c + 144); c31.Store(c + 160); c32.Store(c + 176);
    }

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
            a += MR;
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
            a += MR;
        }

        c00.Store(c); c01.Store(c + 4); c02.Store(c + 8);
        c10.Store(c + 12); c11.Store(c + 16); c12.Store(c + 20);
        c20.Store(c + 24); c21.Store(c + 28); c22.Store(c + 32);
        c30.Store(c + 36); c31.Store(c + 40); c32.Store(c + 44);
    }
}
