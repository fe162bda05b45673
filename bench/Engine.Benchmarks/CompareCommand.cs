using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using DicomSegNode.Segmentation.Backends;
using DicomSegNode.Segmentation.Backends.Cpu;
using DicomSegNode.Segmentation.Models;
using DicomSegNode.Segmentation.Tensors;

namespace DicomSegNode.Engine.Benchmarks;

/// <summary>
/// `compare --model DIR --threads N --runs R [--input F --expect F]`: times the network's forward pass on one patch
/// and, given PyTorch's input and output for the same weights, reports the largest difference.
/// Prints one line of key=value pairs for bench/engine-cpu.sh.
/// </summary>
internal static class CompareCommand
{
    public static int Run(string[] args)
    {
        string model = Arg(args, "--model") ?? throw new ArgumentException("--model DIR is required");
        int threads = int.Parse(Arg(args, "--threads") ?? "0", CultureInfo.InvariantCulture);
        int runs = int.Parse(Arg(args, "--runs") ?? "3", CultureInfo.InvariantCulture);
        string? inputPath = Arg(args, "--input");
        string? expectPath = Arg(args, "--expect");

        var package = ModelPackage.Load(model);
        bool profile = args.Contains("--profile");
        using var cpu = new CpuBackend(threads);
        var timing = new TimingBackend(cpu);
        IComputeBackend backend = profile ? timing : cpu;
        var net = AttentionResUNet.Create(package, backend);
        var a = package.Manifest.Architecture;
        var patch = package.Manifest.Inference.PatchSize;
        var shape = a.SpatialDims == 3
            ? new TensorShape(1, a.InChannels, patch[0], patch[1], patch[2])
            : new TensorShape(1, a.InChannels, 1, patch[0], patch[1]);
        var input = new Tensor(shape, inputPath is null ? Random(shape.Length) : ReadFloats(inputPath));

        // Warm-up: JIT tiering, pool buffers, per-thread panels.
        var logits = net.Forward(input);
        double maxDiff = double.NaN, maxRef = double.NaN;
        if (expectPath is not null)
        {
            var expected = ReadFloats(expectPath);
            maxDiff = 0;
            maxRef = expected.Max(v => Math.Abs(v));
            var actual = logits.Span;
            for (int i = 0; i < expected.Length; i++)
            {
                maxDiff = Math.Max(maxDiff, float.IsFinite(actual[i]) ? Math.Abs(actual[i] - expected[i]) : double.PositiveInfinity);
            }
        }

        backend.Pool.Return(logits);
        timing.Reset();
        var times = new List<double>();
        for (int r = 0; r < runs; r++)
        {
            var sw = Stopwatch.StartNew();
            logits = net.Forward(input);
            times.Add(sw.Elapsed.TotalSeconds);
            backend.Pool.Return(logits);
        }

        if (profile)
        {
            Console.WriteLine($"per-op wall time over {runs} runs:");
            timing.Print();
        }

        times.Sort();
        double best = times[0];
        double median = times[times.Count / 2];
        double flops = NetworkFlops.Forward(a, patch);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"engine={backend.Name} threads={backend.Threads} best_s={best:F3} median_s={median:F3} gflop={flops / 1e9:F2} gflops={flops / best / 1e9:F1} max_abs_diff={maxDiff:E2} max_abs_logit={maxRef:E2} pool_mib={backend.Pool.AllocatedBytes / (1024.0 * 1024):F0}"));
        return 0;
    }

    private static float[] Random(int n)
    {
        var rng = new Random(7);
        var v = new float[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return v;
    }

    private static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i));
        }

        return values;
    }

    private static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
