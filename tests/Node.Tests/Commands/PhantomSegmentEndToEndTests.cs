using System.Globalization;
using System.Text.Json.Nodes;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Node.Commands;
using DicomSegNode.Node.Tests.Support;
using DicomSegNode.Seg2DicomSeg.Sop;
using DicomSegNode.Node.Series;
using DicomSegNode.Node.Tests.Series;
using DicomSegNode.Segmentation.Backends;
using DicomSegNode.Segmentation.Phantom;
using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Node.Tests.Commands;

/// <summary><c>phantom</c> then <c>segment</c>, end to end, with the hand-built threshold models of the cascade tests.</summary>
public sealed class PhantomSegmentEndToEndTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<string> Phantom(int seed)
    {
        string folder = Path.Combine(_temp.Path, $"phantom-{seed}");
        int rc = await CommandLineApp.Build()
            .Parse(["phantom", "--out", folder, "--seed", seed.ToString(CultureInfo.InvariantCulture), "--matrix", "96", "--slices", "24", "--slice-spacing", "6"])
            .InvokeAsync();
        Assert.Equal(ExitCodes.Success, rc);
        return folder;
    }

    // The threshold packages at 4 mm, so that a test runs in seconds.
    private string Models()
    {
        string models = _temp.Sub("models");
        foreach (var (source, name) in new[] { ("liver-threshold", "liver"), ("vessel-threshold", "vessel") })
        {
            string from = Path.Combine(AppContext.BaseDirectory, "TestData", "cascade", source);
            string to = Path.Combine(models, name);
            Directory.CreateDirectory(to);
            File.Copy(Path.Combine(from, "weights.safetensors"), Path.Combine(to, "weights.safetensors"));
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(from, "model.json")))!;
            json["input"]!["spacingMm"] = new JsonArray(4.0, 4.0, 4.0);
            File.WriteAllText(Path.Combine(to, "model.json"), json.ToJsonString());
        }

        return models;
    }

    [Fact]
    public async Task Phantom_Written_DicomAndLabelsShareOneGridAsPydicomAndNibabelSeeIt()
    {
        string folder = await Phantom(11);
        Assert.Equal(24, Directory.GetFiles(Path.Combine(folder, "dicom"), "*.dcm").Length);
        var result = SeriesAssembler.AssembleFolder(Path.Combine(folder, "dicom"));
        Assert.True(result.IsAccepted, result.Rejection?.ToString());
        var labels = NiftiReader.Read(Path.Combine(folder, "labels.nii.gz")).ToLabelMap();
        Assert.True(labels.Geometry.SameGridAs(result.Series!.Volume.Geometry, 1e-3));

        // Independently: nibabel's affine maps voxel (0, 0, k) to each slice's ImagePositionPatient (LPS -> RAS).
        string output = DebianPython.Run("""
            import sys, glob, nibabel as nib, numpy as np, pydicom
            img = nib.load(sys.argv[1] + '/labels.nii.gz')
            worst = 0.0
            for f in glob.glob(sys.argv[1] + '/dicom/*.dcm'):
                d = pydicom.dcmread(f)
                lps = np.array([float(v) for v in d.ImagePositionPatient])
                ras = np.array([-lps[0], -lps[1], lps[2]])
                normal = np.cross(np.array(d.ImageOrientationPatient[:3], float), np.array(d.ImageOrientationPatient[3:], float))
                k = round(float(np.dot(lps - np.array(img.affine[:3, 3]) * [-1, -1, 1], normal)) / float(img.header.get_zooms()[2]))
                worst = max(worst, float(np.abs(img.affine @ [0, 0, k, 1] - np.append(ras, 1)).max()))
            print('%.4f' % worst, img.shape)
            """, folder);
        Assert.StartsWith("0.00", output, StringComparison.Ordinal);
        Assert.Contains("(96, 96, 24)", output, StringComparison.Ordinal);

        // The liver label sits on liver-valued HU in the DICOM pixels.
        var hu = result.Series.Volume.Voxels;
        var liver = Enumerable.Range(0, hu.Length).Where(v => labels.Labels[v] == PhantomLabels.LiverParenchyma).Select(v => (double)hu[v]).ToList();
        Assert.InRange(liver.Average(), 85, 145);
    }

    [Fact]
    public async Task Segment_PhantomSeries_WritesLabelMapOnTheSourceGridAndPrintsVolumes()
    {
        string folder = await Phantom(12);
        string output = Path.Combine(_temp.Path, "out", "seg.nii.gz");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int rc = SegmentCommand.Run(Path.Combine(folder, "dicom"), output, Device.Cpu, Models(), null, stdout, stderr, CancellationToken.None,
            Path.Combine(folder, "labels.nii.gz"));
        Assert.True(rc == ExitCodes.Success, stderr.ToString());
        var segmentation = NiftiReader.Read(output).ToLabelMap();
        var truth = NiftiReader.Read(Path.Combine(folder, "labels.nii.gz")).ToLabelMap();
        Assert.True(segmentation.Geometry.SameGridAs(truth.Geometry, 1e-3));
        Assert.All(segmentation.Labels.Distinct(), l => Assert.InRange(l, 0, 3));
        string text = stdout.ToString();
        Assert.Contains("Liver tumour", text, StringComparison.Ordinal);
        Assert.Contains("vessels: inference", text, StringComparison.Ordinal);
        Assert.Contains("Dice Liver ", text, StringComparison.Ordinal);
        Assert.Contains("liver: inference ...", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segment_DcmOutput_WritesSegEqualToTheLabelMapThatDciodvfyAccepts()
    {
        string folder = await Phantom(14);
        string dicom = Path.Combine(folder, "dicom");
        string nifti = Path.Combine(_temp.Path, "out", "seg.nii.gz");
        string seg = Path.Combine(_temp.Path, "out", "seg.dcm");
        var stderr = new StringWriter();
        string models = Models();
        Assert.Equal(ExitCodes.Success, SegmentCommand.Run(dicom, nifti, Device.Cpu, models, null, TextWriter.Null, stderr, CancellationToken.None));
        Assert.Equal(ExitCodes.Success, SegmentCommand.Run(dicom, seg, Device.Cpu, models, null, TextWriter.Null, stderr, CancellationToken.None));

        var series = SeriesAssembler.AssembleFolder(dicom).Series!;
        var decoded = SegmentationReader.Read(DicomFile.Open(seg).Dataset);
        var masks = decoded.ToSourceGrid(series.ReadSourceHeaders());
        var labels = NiftiReader.Read(nifti).ToLabelMap().Labels;
        Assert.Equal(["Liver", "Liver tumour", "Hepatic vessels"], decoded.Segments.Select(s => s.Label));
        Assert.True(labels.Any(l => l == 2), "the threshold models found no tumour: the comparison would be empty");
        for (int v = 0; v < labels.Length; v++)
        {
            // The label map's precedence: tumour over vessel over liver.
            Assert.Equal(labels[v] == 2, masks[2][v] != 0);
            Assert.Equal(labels[v] == 3, masks[3][v] != 0 && masks[2][v] == 0);
            if (labels[v] == 1)
            {
                Assert.NotEqual(0, masks[1][v]);
            }
        }

        var (_, stdout, dciodvfyErrors) = await ExternalTool.RunAsync("dciodvfy", [seg]);
        Assert.DoesNotContain("Error", stdout + dciodvfyErrors, StringComparison.Ordinal);
    }

    [Fact]
    public void Segment_DcmOutputWithoutLiver_WritesNothingAndSaysWhy()
    {
        var g = VolumeGeometry.Axial(new GridSize(32, 32, 10), new Vec3(2, 2, 4), new Vec3(-32, -32, 0));
        string dicom = _temp.Sub("fat-seg");
        CtSeriesWriter.Write(new Volume(g, Enumerable.Repeat(-100f, g.Size.VoxelCount).ToArray(), [.. Enumerable.Range(0, 10).Select(k => $"{k}")]), dicom, new CtSeriesOptions { UidSeed = "fat-seg" });
        string output = Path.Combine(_temp.Path, "fat.dcm");
        var stdout = new StringWriter();

        int rc = SegmentCommand.Run(dicom, output, Device.Cpu, Models(), null, stdout, TextWriter.Null, CancellationToken.None);

        Assert.Equal(ExitCodes.Success, rc);
        Assert.False(File.Exists(output));
        Assert.Contains("no DICOM SEG written: every segment is empty", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Segment_GappedSeriesOrMissingModels_FailsWithAClearLine()
    {
        string folder = await Phantom(13);
        File.Delete(Path.Combine(folder, "dicom", "CT0010.dcm"));
        var stderr = new StringWriter();
        int rc = SegmentCommand.Run(Path.Combine(folder, "dicom"), Path.Combine(_temp.Path, "x.nii.gz"), Device.Cpu, Models(), null, TextWriter.Null, stderr, CancellationToken.None);
        Assert.Equal(ExitCodes.Failure, rc);
        Assert.Contains("series rejected: missing_slices", stderr.ToString(), StringComparison.Ordinal);

        var noModels = new StringWriter();
        rc = SegmentCommand.Run(Path.Combine(folder, "dicom"), Path.Combine(_temp.Path, "x.nii.gz"), Device.Cpu, _temp.Sub("empty-models"), null, TextWriter.Null, noModels, CancellationToken.None);
        Assert.Equal(ExitCodes.InvalidConfiguration, rc);
        Assert.Contains("no model package", noModels.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Segment_SeriesWithoutLiver_SucceedsWithAnEmptyLabelMapAndSaysSo()
    {
        var g = VolumeGeometry.Axial(new GridSize(32, 32, 10), new Vec3(2, 2, 4), new Vec3(-32, -32, 0));
        var voxels = Enumerable.Repeat(-100f, g.Size.VoxelCount).ToArray();
        string dicom = _temp.Sub("fat");
        CtSeriesWriter.Write(new Volume(g, voxels, [.. Enumerable.Range(0, 10).Select(k => $"{k}")]), dicom, new CtSeriesOptions { UidSeed = "fat" });
        string output = Path.Combine(_temp.Path, "fat.nii.gz");
        var stdout = new StringWriter();
        int rc = SegmentCommand.Run(dicom, output, Device.Cpu, Models(), null, stdout, TextWriter.Null, CancellationToken.None);
        Assert.Equal(ExitCodes.Success, rc);
        Assert.Contains("no liver found", stdout.ToString(), StringComparison.Ordinal);
        var labels = NiftiReader.Read(output).ToLabelMap();
        Assert.True(labels.Geometry.SameGridAs(g, 1e-3));
        Assert.All(labels.Labels, l => Assert.Equal(0, l));
    }

    [Fact]
    public async Task Phantom_BadSlices_IsInvalidConfiguration()
    {
        int rc = await CommandLineApp.Build().Parse(["phantom", "--out", _temp.Path, "--slices", "1"]).InvokeAsync();
        Assert.Equal(ExitCodes.InvalidConfiguration, rc);
    }
}
