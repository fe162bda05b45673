using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DicomSegNode.Engine.Benchmarks;

/// <summary>
/// Measures the machine's float32 FMA peak: each thread runs independent chains of 256-bit fused multiply-adds
/// (enough chains to cover the FMA latency) for a fixed time. This is the roof the GFLOP/s figures are set against.
/// </summary>
internal static class PeakFlops
{
    public static double Measure(int threads, double seconds = 0.5)
    {
        if (!Fma.IsSupported)
        {
            return double.NaN;
        }

        double total = 0;
        var sw = Stopwatch.StartNew();
        var results = new double[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t => results[t] = Run(seconds));
        foreach (var r in results)
        {
            total += r;
        }

        return total / sw.Elapsed.TotalSeconds;
    }

    private static double Run(double seconds)
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
