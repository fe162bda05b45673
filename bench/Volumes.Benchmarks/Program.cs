using System.Diagnostics;
using System.Globalization;
using DicomSegNode.Volumes.Benchmarks;

// Times the volume operations on a CT-sized scene (default 512x512x600) and prints one line per op:
// "op=<name> best_s=<seconds>". bench/volume-ops.sh runs scipy.ndimage on the same scene for the ratio.
int x = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 512;
int z = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 600;
int runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
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
