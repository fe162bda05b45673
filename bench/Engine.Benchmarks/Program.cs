using System.Globalization;
using BenchmarkDotNet.Running;
using DicomSegNode.Engine.Benchmarks;

// compare: one-shot timing for bench/engine-cpu.sh; peak: the machine's FMA roof; anything else: BenchmarkDotNet.
if (args.Length > 0 && args[0] == "compare")
{
    return CompareCommand.Run(args);
}

if (args.Length > 0 && args[0] == "peak")
{
    int threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak_gflops={PeakFlops.Measure(threads) / 1e9:F1} threads={threads}"));
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(ConvolutionBenchmarks).Assembly).Run(args);
return 0;
