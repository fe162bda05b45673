using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using DicomSegNode.Volumes.Benchmarks;

// "time [matrix] [slices] [runs]": one line per op, "op=<name> best_s=<seconds>", for bench/volume-ops.sh (which runs
// scipy.ndimage on the same scene for the ratio). Anything else: BenchmarkDotNet (VolumeOpsBenchmarks, with allocations).
if (args.Length == 0 || args[0] != "time")
{
    BenchmarkSwitcher.FromAssembly(typeof(VolumeOpsBenchmarks).Assembly).Run(args);
    return 0;
}

int x = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 512;
int z = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 600;
int runs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
var scene = Scene.Build(x, z);
Console.WriteLine(FormattableString.Invariant($"scene {scene.Geometry.Size}, {Environment.ProcessorCount} cores, mask {scene.Mask.Count(b => b != 0)} voxels"));
foreach (var (name, op) in Scene.Operations(scene))
{
    double best = double.MaxValue;
    for (int r = 0; r < runs; r++)
    {
        var clock = Stopwatch.StartNew();
        op();
        best = Math.Min(best, clock.Elapsed.TotalSeconds);
    }

    Console.WriteLine(FormattableString.Invariant($"op={name} best_s={best:0.0000}"));
}

return 0;
