using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using DicomSegNode.Dicom.Imaging;
using DicomSegNode.Dicom.IO;

namespace DicomSegNode.Dicom.Benchmarks;

internal static class Program
{
    /// <summary>
    /// <c>throughput [seconds]</c>: the figure bench/dicom-parse.sh compares with pydicom and dcmtk (read every file of
    /// the series from disk, parse headers and decode pixel data; best pass of several). Anything else runs BenchmarkDotNet.
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "throughput")
        {
            var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 3.0;
            Throughput(seconds);
            return 0;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

    private static void Throughput(double seconds)
    {
        var paths = SeriesFiles.Paths;
        long bytes = paths.Sum(p => new FileInfo(p).Length);
        Pass(paths); // warm-up: JIT and page cache, as pydicom's import and first read are excluded too
        var best = double.MaxValue;
        var total = Stopwatch.StartNew();
        var passes = 0;
        while (total.Elapsed.TotalSeconds < seconds || passes < 3)
        {
            var sw = Stopwatch.StartNew();
            Pass(paths);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
            passes++;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"files={paths.Length} bytes={bytes} best_seconds={best:F6} mb_per_s={bytes / best / 1e6:F1}"));
    }

    private static void Pass(string[] paths)
    {
        foreach (var path in paths)
        {
            var file = DicomFile.Open(path);
            DicomPixelData.FromFile(file).GetFrame(0);
        }
    }
}
