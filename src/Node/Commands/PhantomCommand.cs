using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DicomSegNode.Node.Series;
using DicomSegNode.Segmentation.Phantom;
using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Node.Commands;

/// <summary>
/// <c>dicomsegnode phantom --out DIR [--seed N] [--slices N]</c>: a synthetic abdominal CT as a DICOM series
/// (DIR/dicom/CT0001.dcm...) with its ground truth on the same grid (DIR/labels.nii.gz) and what was drawn
/// (DIR/phantom.json). Labels: <see cref="PhantomLabels"/>.
/// </summary>
internal static class PhantomCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder to write dicom/, labels.nii.gz and phantom.json into", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed gives the same phantom", DefaultValueFactory = _ => 1 };
        var slices = new Option<int?>("--slices") { Description = "Number of slices (default: drawn from the seed, 40-120)" };
        var matrix = new Option<int>("--matrix") { Description = "Rows and columns per slice", DefaultValueFactory = _ => 512 };
        var spacing = new Option<double?>("--slice-spacing") { Description = "Slice spacing in mm (default: drawn from the seed)" };
        var command = new Command("phantom", "Write a synthetic contrast-enhanced abdominal CT series with its label map (for tests, demos and training).");
        command.Options.Add(output);
        command.Options.Add(seed);
        command.Options.Add(slices);
        command.Options.Add(matrix);
        command.Options.Add(spacing);
        command.SetAction((parseResult, cancellationToken) =>
        {
            var options = new PhantomOptions
            {
                Seed = parseResult.GetValue(seed),
                Slices = parseResult.GetValue(slices),
                Matrix = parseResult.GetValue(matrix),
                SliceSpacingMm = parseResult.GetValue(spacing),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                Console.Error.WriteLine($"phantom: {e.Message.Split(Environment.NewLine)[0]}");
                return Task.FromResult(ExitCodes.InvalidConfiguration);
            }

            try
            {
                var clock = Stopwatch.StartNew();
                var d = Export(options, parseResult.GetValue(output)!);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"phantom: seed {d.Seed}, {options.Matrix}x{options.Matrix}x{d.Slices}, {d.PixelSpacingMm:0.###} x {d.PixelSpacingMm:0.###} x {d.SliceSpacingMm:0.###} mm, {d.Tumours} tumour(s), {d.VesselSegments} vessel segments, noise {d.NoiseHu:0.#} HU: written in {clock.Elapsed.TotalSeconds:0.0} s"));
                return Task.FromResult(ExitCodes.Success);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"phantom: {e.Message}");
                return Task.FromResult(ExitCodes.Failure);
            }
        });
        return command;
    }

    /// <summary>Generates the phantom and writes DIR/dicom/*.dcm, DIR/labels.nii.gz and DIR/phantom.json.</summary>
    internal static PhantomDescription Export(PhantomOptions options, string folder)
    {
        var phantom = PhantomGenerator.Generate(options);
        Directory.CreateDirectory(folder);
        string seedText = options.Seed.ToString(CultureInfo.InvariantCulture);
        CtSeriesWriter.Write(phantom.Ct, Path.Combine(folder, "dicom"), new CtSeriesOptions
        {
            UidSeed = string.Create(CultureInfo.InvariantCulture, $"dicomsegnode-phantom-{options.Seed}-{options.Matrix}-{phantom.Ct.Size.Z}-{phantom.Description.SliceSpacingMm}"),
            PatientName = $"Phantom^Seed{seedText}",
            PatientId = $"PHANTOM-{seedText}",
        });
        NiftiWriter.Write(Path.Combine(folder, "labels.nii.gz"), phantom.Labels);
        var description = new Dictionary<string, object>
        {
            ["description"] = phantom.Description,
            ["labels"] = PhantomLabels.All.ToDictionary(l => l.Label.ToString(CultureInfo.InvariantCulture), l => l.Name),
            ["millilitres"] = PhantomLabels.All.Skip(1).ToDictionary(l => l.Name, l => Math.Round(phantom.Labels.Millilitres(l.Label), 2)),
        };
        File.WriteAllText(Path.Combine(folder, "phantom.json"), JsonSerializer.Serialize(description, s_json));
        return phantom.Description;
    }

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };
}
