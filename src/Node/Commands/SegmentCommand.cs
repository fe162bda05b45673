using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DicomSegNode.Node.Results;
using DicomSegNode.Node.Series;
using DicomSegNode.Segmentation.Backends;
using DicomSegNode.Segmentation.Cascade;
using DicomSegNode.Segmentation.Models;
using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Node.Commands;

/// <summary>
/// <c>dicomsegnode segment &lt;series folder&gt; --out &lt;file.nii.gz&gt; [--device auto|cpu] [--models DIR]</c>: the
/// offline path: assemble one series, run the liver-then-vessel cascade, write the result, print volumes and timings.
/// </summary>
internal static class SegmentCommand
{
    private static readonly ISegmentationWriter[] s_writers = [new NiftiSegmentationWriter(), new DicomSegWriter()];

    public static Command Create()
    {
        var folder = new Argument<string>("series") { Description = "Folder with the DICOM instances of one CT series (searched recursively)" };
        var output = new Option<string>("--out") { Description = "Output file: a NIfTI label map (.nii.gz or .nii; 1 liver, 2 tumour, 3 hepatic vessel)", Required = true };
        var device = new Option<Device>("--device") { Description = "Where inference runs: auto, cpu or cuda", DefaultValueFactory = _ => Device.Auto };
        var models = new Option<string?>("--models") { Description = "Folder holding the liver/ and vessel/ model packages (default: $DICOMSEGNODE_MODELS, else models/ beside the executable, else ./models)" };
        var series = new Option<string?>("--series") { Description = "SeriesInstanceUID to take when the folder holds several series" };
        var truth = new Option<string?>("--truth") { Description = "A ground-truth label map (1 liver, 2 tumour, 3 vessel, as phantom's labels.nii.gz) to print Dice against" };
        var command = new Command("segment", "Segment liver, liver tumour and hepatic vessels in one CT series and write the label map; prints volumes and timings.");
        command.Arguments.Add(folder);
        command.Options.Add(output);
        command.Options.Add(device);
        command.Options.Add(models);
        command.Options.Add(series);
        command.Options.Add(truth);
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(
            parseResult.GetValue(folder)!, parseResult.GetValue(output)!, parseResult.GetValue(device), parseResult.GetValue(models),
            parseResult.GetValue(series), Console.Out, Console.Error, cancellationToken, parseResult.GetValue(truth))));
        return command;
    }

    internal static int Run(string folder, string outputPath, Device device, string? modelsFolder, string? seriesUid, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken, string? truthPath = null)
    {
        var writer = s_writers.FirstOrDefault(w => w.Accepts(outputPath));
        if (writer is null)
        {
            stderr.WriteLine($"segment: cannot write '{outputPath}': give a .nii.gz or .nii file (DICOM SEG output comes with the SEG encoder)");
            return ExitCodes.InvalidConfiguration;
        }

        string models = ResolveModels(modelsFolder);
        string liverFolder = Path.Combine(models, "liver"), vesselFolder = Path.Combine(models, "vessel");
        foreach (string f in new[] { liverFolder, vesselFolder })
        {
            if (!File.Exists(Path.Combine(f, ModelPackage.ManifestFile)))
            {
                stderr.WriteLine($"segment: no model package at '{f}' (model.json missing); pass --models DIR holding liver/ and vessel/");
                return ExitCodes.InvalidConfiguration;
            }
        }

        var total = Stopwatch.StartNew();
        try
        {
            using var liver = PackageStageModel.Load(liverFolder, device);
            using var vessel = PackageStageModel.Load(vesselFolder, device);
            stdout.WriteLine($"models: {liver.Info.Name} {liver.Info.Version}, {vessel.Info.Name} {vessel.Info.Version} on {liver.Backend}");

            var clock = Stopwatch.StartNew();
            var assembly = SeriesAssembler.AssembleFolder(folder, null, seriesUid, cancellationToken);
            if (!assembly.IsAccepted)
            {
                stderr.WriteLine($"segment: series rejected: {assembly.Rejection}");
                return ExitCodes.Failure;
            }

            var s = assembly.Series!;
            var g = s.Volume.Geometry;
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"series: {g.Size} voxels of {g.Spacing.X:0.###} x {g.Spacing.Y:0.###} x {g.Spacing.Z:0.###} mm{(s.IsTilted ? ", tilted (sheared grid)" : string.Empty)}, {assembly.Excluded.Count} file(s) left out, read in {clock.Elapsed.TotalSeconds:0.0} s"));
            foreach (var e in assembly.Excluded.Take(5))
            {
                stdout.WriteLine($"  left out: {Path.GetFileName(e.Source)}: {e.Detail}");
            }

            using var bar = new ProgressLine(stderr);
            var result = new LiverVesselCascade(liver, vessel).Run(s.Volume, bar, cancellationToken);
            bar.Dispose();

            var written = writer.Write(s, result, outputPath);
            stdout.WriteLine(result.Message);
            foreach (var segment in result.Segments)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {segment.Name,-16} {segment.Millilitres,10:0.0} mL"));
            }

            foreach (var t in result.Timings)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {t.Stage,-26} {t.Duration.TotalSeconds,8:0.00} s"));
            }

            if (truthPath is not null)
            {
                PrintDice(result, truthPath, stdout);
            }

            stdout.WriteLine(written.Count == 0
                ? string.Create(CultureInfo.InvariantCulture, $"no {writer.Format} written: every segment is empty, and an empty SEG is not a valid object (total {total.Elapsed.TotalSeconds:0.0} s)")
                : string.Create(CultureInfo.InvariantCulture, $"wrote {writer.Format}: {string.Join(", ", written)} (total {total.Elapsed.TotalSeconds:0.0} s)"));
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is ModelFormatException or ArgumentException)
        {
            // A package that does not load, or models whose classes do not fit the cascade (no liver / vessel class).
            stderr.WriteLine($"segment: {e.Message}");
            return ExitCodes.InvalidConfiguration;
        }
        catch (PlatformNotSupportedException e)
        {
            stderr.WriteLine($"segment: device {device}: {e.Message}");
            return ExitCodes.InvalidConfiguration;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("segment: interrupted");
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"segment: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    // Truth labels (1 liver parenchyma, 2 tumour, 3 vessel; others ignored) brought onto the source grid if needed.
    private static void PrintDice(CascadeResult result, string truthPath, TextWriter stdout)
    {
        var grid = result.Liver.Mask.Geometry;
        var truth = NiftiReader.Read(truthPath).ToLabelMap();
        var labels = truth.Geometry.SameGridAs(grid, 1e-3) ? truth.Labels : Resampler.Nearest(truth, grid).Labels;
        byte[] Where(Func<byte, bool> keep) => [.. labels.Select(l => keep(l) ? (byte)1 : (byte)0)];
        var pairs = new[]
        {
            (result.Liver, Where(l => l is >= 1 and <= 3)),
            (result.Tumour, Where(l => l == 2)),
            (result.Vessels, Where(l => l == 3)),
        };
        foreach (var (segment, expected) in pairs)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  Dice {segment.Name,-16} {VolumeMeasure.Dice(segment.Mask.Labels, expected),6:0.000}"));
        }
    }

    private static string ResolveModels(string? given)
    {
        if (!string.IsNullOrEmpty(given))
        {
            return given;
        }

        string? env = Environment.GetEnvironmentVariable("DICOMSEGNODE_MODELS");
        if (!string.IsNullOrEmpty(env))
        {
            return env;
        }

        string beside = Path.Combine(AppContext.BaseDirectory, "models");
        return Directory.Exists(beside) ? beside : Path.Combine(Directory.GetCurrentDirectory(), "models");
    }
}
