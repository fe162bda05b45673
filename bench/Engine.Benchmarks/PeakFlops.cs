using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DicomSegNode.Engine.Benchmarks;

/// <summary>
/// Measures the machine's float32 FMA peak: each thread runs independent chains of fused multiply-adds at the widest accelerated width (512-bit where present)
/// (enough chains to cover the FMA latency) for a fixed time. This is the roof the GFLOP/s figures are set against.
/// </summary>
internal static class PeakFlops
{
    // The accumulators are published so the JIT cannot drop the multiply-adds as dead code (it did, without this).
    private static Vector512<float> s_sink512;
    private static Vector256<float> s_sink256;

    /// <summary>The best of many short trials (on a shared machine a short trial can run unpreempted), in FLOP/s over all threads.</summary>
    public static double Measure(int threads, double seconds = 0.02, int trials = 40)
    {
        if (!Fma.IsSupported)
        {
            return double.NaN;
        }

        double best = 0;
        for (int trial = 0; trial < trials; trial++)
        {
            var sw = Stopwatch.StartNew();
            var results = new double[threads];
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t => results[t] = Run(seconds));
            best = Math.Max(best, results.Sum() / sw.Elapsed.TotalSeconds);
        }

        return best;
    }

    private static double Run(double seconds) => Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? Run512(seconds) : Run256(seconds);

    private static double Run512(double seconds)
    {
        var acc = new Vector512<float>[10];
        long iterations = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            Burst512(acc, 200_000);
            iterations += 200_000;
        }

        s_sink512 = acc.Aggregate((x, y) => x + y);
        return iterations * 10.0 * 16 * 2;
    }

    private static double Run256(double seconds)
    {
        var acc = new Vector256<float>[10];
        long iterations = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            Burst256(acc, 200_000);
            iterations += 200_000;
        }

        s_sink256 = acc.Aggregate((x, y) => x + y);
        return iterations * 10.0 * 8 * 2;
    }

    // No calls inside the loop, so the ten accumulators live in registers (a call would force them to the stack).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Burst512(Vector512<float>[] acc, int n)
    {
        var a = Vector512.Create(1.0000001f);
        var b = Vector512.Create(0.9999999f);
        Vector512<float> c0 = acc[0], c1 = acc[1], c2 = acc[2], c3 = acc[3], c4 = acc[4], c5 = acc[5], c6 = acc[6], c7 = acc[7], c8 = acc[8], c9 = acc[9];
        for (int i = 0; i < n; i++)
        {
            c0 = Avx512F.FusedMultiplyAdd(a, b, c0); c1 = Avx512F.FusedMultiplyAdd(a, b, c1); c2 = Avx512F.FusedMultiplyAdd(a, b, c2);
            c3 = Avx512F.FusedMultiplyAdd(a, b, c3); c4 = Avx512F.FusedMultiplyAdd(a, b, c4); c5 = Avx512F.FusedMultiplyAdd(a, b, c5);
            c6 = Avx512F.FusedMultiplyAdd(a, b, c6); c7 = Avx512F.FusedMultiplyAdd(a, b, c7); c8 = Avx512F.FusedMultiplyAdd(a, b, c8);
            c9 = Avx512F.FusedMultiplyAdd(a, b, c9);
        }

        (acc[0], acc[1], acc[2], acc[3], acc[4], acc[5], acc[6], acc[7], acc[8], acc[9]) = (c0, c1, c2, c3, c4, c5, c6, c7, c8, c9);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Burst256(Vector256<float>[] acc, int n)
    {
        var a = Vector256.Create(1.0000001f);
        var b = Vector256.Create(0.9999999f);
        Vector256<float> c0 = acc[0], c1 = acc[1], c2 = acc[2], c3 = acc[3], c4 = acc[4], c5 = acc[5], c6 = acc[6], c7 = acc[7], c8 = acc[8], c9 = acc[9];
        for (int i = 0; i < n; i++)
        {
            c0 = Fma.MultiplyAdd(a, b, c0); c1 = Fma.MultiplyAdd(a, b, c1); c2 = Fma.MultiplyAdd(a, b, c2);
            c3 = Fma.MultiplyAdd(a, b, c3); c4 = Fma.MultiplyAdd(a, b, c4); c5 = Fma.MultiplyAdd(a, b, c5);
            c6 = Fma.MultiplyAdd(a, b, c6); c7 = Fma.MultiplyAdd(a, b, c7); c8 = Fma.MultiplyAdd(a, b, c8);
            c9 = Fma.MultiplyAdd(a, b, c9);
        }

        (acc[0], acc[1], acc[2], acc[3], acc[4], acc[5], acc[6], acc[7], acc[8], acc[9]) = (c0, c1, c2, c3, c4, c5, c6, c7, c8, c9);
    }
}
