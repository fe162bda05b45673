using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DicomSegNode.Engine.Benchmarks;

/// <summary>
/// Measures the machine's float32 FMA peak: each thread runs independent chains of fused multiply-adds at the widest accelerated width (512-bit where present)
/// (enough chains to cover the FMA latency) for a fixed time. This is the roof the GFLOP/s figures are set against.
/// </summary>
internal static class PeakFlops
{
    /// <summary>The best of several short trials (the machine may be shared), in FLOP/s over all threads.</summary>
    public static double Measure(int threads, double seconds = 0.2, int trials = 5)
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
        var a = Vector512.Create(1.0000001f);
        var b = Vector512.Create(0.9999999f);
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        Vector512<float> c8 = default, c9 = default;
        long iterations = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < 100_000; i++)
            {
                c0 = Avx512F.FusedMultiplyAdd(a, b, c0); c1 = Avx512F.FusedMultiplyAdd(a, b, c1); c2 = Avx512F.FusedMultiplyAdd(a, b, c2);
                c3 = Avx512F.FusedMultiplyAdd(a, b, c3); c4 = Avx512F.FusedMultiplyAdd(a, b, c4); c5 = Avx512F.FusedMultiplyAdd(a, b, c5);
                c6 = Avx512F.FusedMultiplyAdd(a, b, c6); c7 = Avx512F.FusedMultiplyAdd(a, b, c7); c8 = Avx512F.FusedMultiplyAdd(a, b, c8);
                c9 = Avx512F.FusedMultiplyAdd(a, b, c9);
            }

            iterations += 100_000;
        }

        var sink = c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9;
        GC.KeepAlive(sink.ToScalar());
        return iterations * 10.0 * 16 * 2;
    }

    private static double Run256(double seconds)
    {
        var a = Vector256.Create(1.0000001f);
        var b = Vector256.Create(0.9999999f);
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        Vector256<float> c8 = default, c9 = default;
        long iterations = 0;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < 100_000; i++)
            {
                c0 = Fma.MultiplyAdd(a, b, c0); c1 = Fma.MultiplyAdd(a, b, c1); c2 = Fma.MultiplyAdd(a, b, c2);
                c3 = Fma.MultiplyAdd(a, b, c3); c4 = Fma.MultiplyAdd(a, b, c4); c5 = Fma.MultiplyAdd(a, b, c5);
                c6 = Fma.MultiplyAdd(a, b, c6); c7 = Fma.MultiplyAdd(a, b, c7); c8 = Fma.MultiplyAdd(a, b, c8);
                c9 = Fma.MultiplyAdd(a, b, c9);
            }

            iterations += 100_000;
        }

        var sink = c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9;
        GC.KeepAlive(sink.ToScalar());
        return iterations * 10.0 * 8 * 2;
    }
}
