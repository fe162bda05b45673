using System.Globalization;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Node.Series;
using DicomSegNode.Node.Tests.Support;
using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Node.Tests.Series;

/// <summary>Series assembly on the real Siemens abdominal CT (10 slices) and variants of it built here.</summary>
public sealed class RealCtSeriesTests : IDisposable
{
    private static readonly string s_clean = Path.Combine(AppContext.BaseDirectory, "TestData", "totalsegmentator", "ct_uncompressed");
    private static readonly string s_jpeg2000 = Path.Combine(AppContext.BaseDirectory, "TestData", "totalsegmentator", "ct_jpeg2000");
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string[] CleanFiles() => [.. Directory.GetFiles(s_clean).Order(StringComparer.Ordinal)];

    private static AssembledSeries Accept(SeriesAssemblyResult result)
    {
        Assert.True(result.IsAccepted, result.Rejection?.ToString());
        return result.Series!;
    }

    [Fact]
    public void AssembleFolder_CleanRealCt_SortsFeetToHeadAndMatchesPydicomHu()
    {
        var series = Accept(SeriesAssembler.AssembleFolder(s_clean));
        var g = series.Volume.Geometry;
        Assert.Equal(new GridSize(512, 512, 10), g.Size);
        Assert.Equal(2.0, g.Spacing.Z, 6);
        Assert.Equal(new Vec3(0, 0, 1), g.AxisZ);
        Assert.Equal(-784.5, g.Origin.Z, 6);

        string output = DebianPython.Run("""
            import sys, glob, pydicom
            rows = []
            for f in glob.glob(sys.argv[1] + '/*.dcm'):
                d = pydicom.dcmread(f)
                hu = d.pixel_array.astype('float64') * float(d.RescaleSlope) + float(d.RescaleIntercept)
                rows.append((float(d.ImagePositionPatient[2]), d.SOPInstanceUID, hu.sum(), hu[300, 200]))
            for z, uid, s, v in sorted(rows):
                print(uid, '%.1f' % s, '%.1f' % v)
            """, s_clean);
        var lines = output.Trim().Split('\n');
        Assert.Equal(10, lines.Length);
        var size = g.Size;
        for (int k = 0; k < 10; k++)
        {
            var parts = lines[k].Split(' ');
            Assert.Equal(parts[0], series.Volume.SliceSourceIds[k]);
            Assert.Equal(parts[0], series.Slices[k].SopInstanceUid);
            double sum = 0;
            for (int v = k * size.SliceVoxels; v < (k + 1) * size.SliceVoxels; v++)
            {
                sum += series.Volume.Voxels[v];
            }

            Assert.Equal(double.Parse(parts[1], CultureInfo.InvariantCulture), sum, 1);
            // pydicom indexes [row, column]: row 300, column 200 is voxel (x=200, y=300).
            Assert.Equal(double.Parse(parts[2], CultureInfo.InvariantCulture), series.Volume.Voxels[size.Index(200, 300, k)], 1);
        }
    }

    [Fact]
    public void AssembleFolder_RealCt_VoxelToPatientMatchesEverySlicePosition()
    {
        var series = Accept(SeriesAssembler.AssembleFolder(s_clean));
        var g = series.Volume.Geometry;
        for (int k = 0; k < g.Size.Z; k++)
        {
            var ds = DicomFile.Open(series.Slices[k].Path).Dataset;
            double[] ipp = ds.GetDoubleArray(DicomTags.ImagePositionPatient);
            Assert.True((g.IndexToPatient(0, 0, k) - new Vec3(ipp[0], ipp[1], ipp[2])).Length < 1e-6);
        }

        Assert.Equal(0.9765625, g.Spacing.X, 6);
        var headers = series.ReadSourceHeaders();
        Assert.Equal(series.Volume.SliceSourceIds, headers.Select(h => h.GetUid(DicomTags.SOPInstanceUID)!));
        Assert.False(headers[0].Contains(DicomTags.PixelData));
        Assert.Equal("1.3.12.2.1107.5.1.4.60064.30000022120808113428000016582", series.Slices[0].SopInstanceUid[..55]);
    }

    [Fact]
    public void AssembleFolder_Jpeg2000CopyWithEmptyUids_IsRejectedWithReason()
    {
        var result = SeriesAssembler.AssembleFolder(s_jpeg2000);
        Assert.False(result.IsAccepted);
        Assert.Equal(SeriesRejectionReason.MissingUid, result.Rejection!.Reason);
        Assert.Equal("missing_uid", result.Rejection.Reason.Code());
        Assert.Contains("2 of 2 file(s)", result.Rejection.Message, StringComparison.Ordinal);
        Assert.Contains("SOPInstanceUID", result.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_ShuffledAndDuplicatedFiles_GiveTheSameVolume()
    {
        var reference = Accept(SeriesAssembler.AssembleFolder(s_clean));
        var files = CleanFiles();
        string folder = _temp.Sub("shuffled");
        var rng = new Random(5);
        foreach (var (f, i) in files.OrderBy(_ => rng.Next()).Select((f, i) => (f, i)))
        {
            File.Copy(f, Path.Combine(folder, $"x{i:D2}"));
        }

        // The same instance received twice under another name.
        File.Copy(files[3], Path.Combine(folder, "again"));
        File.Copy(files[7], Path.Combine(folder, "again2"));
        var result = SeriesAssembler.AssembleFolder(folder);
        var series = Accept(result);
        Assert.Equal(reference.Volume.Voxels, series.Volume.Voxels);
        Assert.Equal(reference.Volume.SliceSourceIds, series.Volume.SliceSourceIds);
        Assert.Equal(2, result.Excluded.Count(e => e.Detail.StartsWith("duplicate", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("dcmcrle", "")]
    [InlineData("dcmcjpeg", "+e1")]
    public void Assemble_CompressedByDcmtk_GivesTheSameVolume(string tool, string option)
    {
        // RLE Lossless (dcmcrle) and JPEG Lossless SV1 (dcmcjpeg +e1) copies made by dcmtk, decoded by the toolkit.
        string folder = _temp.Sub(tool);
        foreach (var f in CleanFiles())
        {
            var info = new System.Diagnostics.ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
            if (option.Length > 0)
            {
                info.ArgumentList.Add(option);
            }

            info.ArgumentList.Add(f);
            info.ArgumentList.Add(Path.Combine(folder, Path.GetFileName(f)));
            using var process = System.Diagnostics.Process.Start(info)!;
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
        }

        var reference = Accept(SeriesAssembler.AssembleFolder(s_clean));
        var compressed = Accept(SeriesAssembler.AssembleFolder(folder));
        Assert.Equal(reference.Volume.Voxels, compressed.Volume.Voxels);
    }

    [Fact]
    public void Assemble_OneSliceMissing_IsRejectedAsGap()
    {
        var files = CleanFiles().Where((_, i) => i != 4);
        var result = SeriesAssembler.Assemble(files);
        Assert.Equal(SeriesRejectionReason.MissingSlices, result.Rejection!.Reason);
        Assert.Contains("gap of 4 mm", result.Rejection.Message, StringComparison.Ordinal);
        Assert.Contains("about 1 slice(s) missing", result.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_SecondAcquisitionAtSamePositions_KeepsTheLargerStack()
    {
        var files = CleanFiles();
        string folder = _temp.Sub("two-stacks");
        foreach (var f in files)
        {
            File.Copy(f, Path.Combine(folder, Path.GetFileName(f)));
        }

        // A second acquisition of 4 slices at the same positions, with new instance UIDs and other pixel values.
        for (int i = 0; i < 4; i++)
        {
            var ds = DicomFile.Open(files[i]).Dataset;
            ds.SetUid(DicomTags.SOPInstanceUID, DicomUid.FromHash("second", i.ToString(CultureInfo.InvariantCulture)));
            ds.SetIntegerString(DicomTags.AcquisitionNumber, 99);
            ds.SetDecimalString(DicomTags.RescaleIntercept, -1000);
            new DicomFile(ds).Save(Path.Combine(folder, $"second{i}.dcm"));
        }

        var reference = Accept(SeriesAssembler.AssembleFolder(s_clean));
        var result = SeriesAssembler.AssembleFolder(folder);
        Assert.Equal(reference.Volume.Voxels, Accept(result).Volume.Voxels);
        Assert.Equal(4, result.Excluded.Count(e => e.Detail.Contains("smaller stack", StringComparison.Ordinal)));
    }

    [Fact]
    public void Assemble_SecondAcquisitionFurtherUp_KeepsTheLargerAcquisitionInsteadOfReportingAGap()
    {
        var files = CleanFiles();
        string folder = _temp.Sub("two-ranges");
        foreach (var f in files)
        {
            File.Copy(f, Path.Combine(folder, Path.GetFileName(f)));
        }

        for (int i = 0; i < 4; i++)
        {
            var ds = DicomFile.Open(files[i]).Dataset;
            double[] ipp = ds.GetDoubleArray(DicomTags.ImagePositionPatient);
            ds.SetDecimalString(DicomTags.ImagePositionPatient, ipp[0], ipp[1], ipp[2] + 200);
            ds.SetUid(DicomTags.SOPInstanceUID, DicomUid.FromHash("upper", i.ToString(CultureInfo.InvariantCulture)));
            ds.SetIntegerString(DicomTags.AcquisitionNumber, 15);
            new DicomFile(ds).Save(Path.Combine(folder, $"upper{i}.dcm"));
        }

        var result = SeriesAssembler.AssembleFolder(folder);
        Assert.Equal(Accept(SeriesAssembler.AssembleFolder(s_clean)).Volume.Voxels, Accept(result).Volume.Voxels);
        Assert.Equal(4, result.Excluded.Count(e => e.Detail.Contains("acquisition 15", StringComparison.Ordinal)));

        // One acquisition with the same gap stays a rejection: a gap is never stretched.
        foreach (var f in Directory.GetFiles(folder, "upper*"))
        {
            var ds = DicomFile.Open(f).Dataset;
            ds.SetIntegerString(DicomTags.AcquisitionNumber, 14);
            new DicomFile(ds).Save(f);
        }

        Assert.Equal(SeriesRejectionReason.MissingSlices, SeriesAssembler.AssembleFolder(folder).Rejection!.Reason);
    }

    [Fact]
    public void Assemble_ReversedInstanceNumbersAndLocalizerAndJunk_StillGiveTheSameVolume()
    {
        var files = CleanFiles();
        string folder = _temp.Sub("reversed");
        for (int i = 0; i < files.Length; i++)
        {
            var ds = DicomFile.Open(files[i]).Dataset;
            ds.SetIntegerString(DicomTags.InstanceNumber, 100 - i);
            new DicomFile(ds).Save(Path.Combine(folder, $"{100 - i}.dcm"));
        }

        var scout = DicomFile.Open(files[0]).Dataset;
        scout.SetUid(DicomTags.SOPInstanceUID, DicomUid.FromHash("scout"));
        scout.SetStrings(DicomTags.ImageType, DicomVR.CS, "ORIGINAL", "PRIMARY", "LOCALIZER");
        new DicomFile(scout).Save(Path.Combine(folder, "scout.dcm"));
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not DICOM");
        File.WriteAllBytes(Path.Combine(folder, "truncated.dcm"), File.ReadAllBytes(files[0])[..700]);

        var reference = Accept(SeriesAssembler.AssembleFolder(s_clean));
        var result = SeriesAssembler.AssembleFolder(folder);
        Assert.Equal(reference.Volume.Voxels, Accept(result).Volume.Voxels);
        Assert.Contains(result.Excluded, e => e.Reason == SeriesRejectionReason.Localizer);
        Assert.Equal(2, result.Excluded.Count(e => e.Reason == SeriesRejectionReason.Unreadable));
    }

    [Fact]
    public void Assemble_RescaleDiffersPerSlice_EachSliceUsesItsOwn()
    {
        var files = CleanFiles();
        string folder = _temp.Sub("rescale");
        for (int i = 0; i < files.Length; i++)
        {
            var ds = DicomFile.Open(files[i]).Dataset;
            if (i == 2)
            {
                ds.SetDecimalString(DicomTags.RescaleSlope, 2);
                ds.SetDecimalString(DicomTags.RescaleIntercept, -1000);
            }

            new DicomFile(ds).Save(Path.Combine(folder, $"{i}.dcm"));
        }

        var reference = Accept(SeriesAssembler.AssembleFolder(s_clean));
        var series = Accept(SeriesAssembler.AssembleFolder(folder));
        // Files are in ascending instance order = descending z, so file 2 is volume slice 7.
        var size = series.Volume.Size;
        for (int v = 7 * size.SliceVoxels; v < 8 * size.SliceVoxels; v += 997)
        {
            float stored = reference.Volume.Voxels[v] + 1024;
            Assert.Equal((stored * 2) - 1000, series.Volume.Voxels[v]);
        }

        Assert.Equal(reference.Volume.Voxels[size.Index(10, 10, 6)], series.Volume.Voxels[size.Index(10, 10, 6)]);
    }

    [Fact]
    public void Assemble_TooFewSlicesOrTwoSeries_AreRejected()
    {
        var files = CleanFiles();
        Assert.Equal(SeriesRejectionReason.TooFewSlices, SeriesAssembler.Assemble(files.Take(3)).Rejection!.Reason);

        string folder = _temp.Sub("two-series");
        foreach (var f in files)
        {
            File.Copy(f, Path.Combine(folder, Path.GetFileName(f)));
        }

        var other = DicomFile.Open(files[0]).Dataset;
        other.SetUid(DicomTags.SeriesInstanceUID, "1.2.3.4.5");
        other.SetUid(DicomTags.SOPInstanceUID, "1.2.3.4.5.1");
        new DicomFile(other).Save(Path.Combine(folder, "other.dcm"));
        var mixed = SeriesAssembler.AssembleFolder(folder);
        Assert.Equal(SeriesRejectionReason.MultipleSeries, mixed.Rejection!.Reason);
        string seriesUid = DicomFile.Open(files[0]).Dataset.GetUid(DicomTags.SeriesInstanceUID)!;
        Assert.Equal(10, Accept(SeriesAssembler.AssembleFolder(folder, seriesInstanceUid: seriesUid)).Volume.Size.Z);
    }

    [Fact]
    public void Assemble_HeaderBytesMutated_NeverThrowsAndLeavesBadFilesOut()
    {
        var original = File.ReadAllBytes(CleanFiles()[0]);
        var rng = new Random(17);
        string folder = _temp.Sub("fuzz");
        for (int trial = 0; trial < 60; trial++)
        {
            var bytes = (byte[])original.Clone();
            for (int m = 0; m < 1 + (trial % 6); m++)
            {
                bytes[rng.Next(132, 1600)] = (byte)rng.Next(256);
            }

            string path = Path.Combine(folder, $"f{trial}.dcm");
            File.WriteAllBytes(path, trial % 10 == 9 ? bytes[..rng.Next(132, bytes.Length)] : bytes);
            var result = SeriesAssembler.Assemble([path], new SeriesAssemblyOptions { MinSlices = 1 });
            Assert.True(result.IsAccepted || result.Rejection is not null);
            File.Delete(path);
        }
    }

    [Fact]
    public void AssembleFolder_Empty_IsNoImages()
    {
        Assert.Equal(SeriesRejectionReason.NoImages, SeriesAssembler.AssembleFolder(_temp.Sub("empty")).Rejection!.Reason);
        Assert.Equal(SeriesRejectionReason.NoImages, SeriesAssembler.AssembleFolder(Path.Combine(_temp.Path, "absent")).Rejection!.Reason);
    }
}
