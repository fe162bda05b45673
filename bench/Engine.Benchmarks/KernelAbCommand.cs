using System.Diagnostics;
using System.Globalization;
using DicomSegNode.Segmentation.Backends;
using DicomSegNode.Segmentation.Backends.Cpu;
using DicomSegNode.Segmentation.Ops;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Engine.Benchmarks;

/// <summary>
/// `kernels [threads] [rounds]`: the U-Net's main convolution shapes on every ISA this CPU has, run in
/// alternation (round-robin) so that a busy machine slows all of them alike; prints the best time of each.
/// </summary>
internal static class KernelAbCommand
{
    public static int Run(string[] args)
    {
        int threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
        int rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 7;
        var isas = new[] { CpuIsa.Avx512, CpuIsa.Avx2, CpuIsa.Vector128 }.Where(CpuIsaSupport.IsAvailable).ToArray();
        (int Cin, int Cout, int Size, int K)[] shapes = [(8, 8, 128, 3), (8, 8, -130, 3), (8, 8, 64, 3), (16, 8, 64, 3), (16, 16, 32, 3), (64, 64, 16, 3), (16, 8, 64, 1)];
        foreach (var (cin, cout, signedSize, k) in shapes)
        {
            // A negative size means: that input already padded, convolved without padding (no padded copy).
            var p = ConvolutionParams.Same(cin, cout, Int3.All(k), Int3.All(signedSize < 0 ? 0 : k / 2));
            int size = Math.Abs(signedSize);
            var xs = new TensorShape(1, cin, size, size, size);
            var rng = new Random(1);
            var w = Enumerable.Range(0, p.WeightLength).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
            var x = new Tensor(xs, Enumerable.Range(0, xs.Length).Select(_ => (float)rng.NextDouble()).ToArray());
            var y = new Tensor(p.OutputShape(xs));
            var backends = isas.Select(i => new CpuBackend(threads, i)).ToArray();
            var convs = backends.Select(b => b.PrepareConvolution(p, w, new float[cout])).ToArray();
            var best = Enumerable.Repeat(double.MaxValue, isas.Length).ToArray();
            for (int r = 0; r < rounds; r++)
            {
                for (int i = 0; i < isas.Length; i++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    backends[i].Convolution(convs[i], x, y, null, Activation.Relu);
                    best[i] = Math.Min(best[i], Stopwatch.GetElapsedTime(t0).TotalSeconds);
                }
            }

            double flops = 2.0 * cout * cin * p.Kernel.Volume * y.Shape.Spatial;
            var parts = isas.Select((isa, i) => string.Create(CultureInfo.InvariantCulture, $"{isa} {best[i] * 1000:F1} ms ({flops / best[i] / 1e9:F1} GFLOP/s)"));
            Console.WriteLine($"conv k{k} {cin}->{cout} @{size}^3 pad {p.Padding.W}: " + string.Join(", ", parts));
            foreach (var b in backends)
            {
                b.Dispose();
            }
        }

        return 0;
    }
}
