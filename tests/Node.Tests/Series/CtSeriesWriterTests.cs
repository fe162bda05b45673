using System.Diagnostics;
using DicomSegNode.Node.Series;
using DicomSegNode.Node.Tests.Support;
using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Node.Tests.Series;

public sealed class CtSeriesWriterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string WriteSample(out Volume volume)
    {
        var g = VolumeGeometry.Axial(new GridSize(20, 16, 4), new Vec3(0.75, 0.75, 3), new Vec3(-7, -6, -200));
        var voxels = new float[g.Size.VoxelCount];
        for (int v = 0; v < voxels.Length; v++)
        {
            voxels[v] = (v * 37 % 3000) - 1024;
        }

        volume = new Volume(g, voxels, ["a", "b", "c", "d"]);
        string folder = _temp.Sub("ct");
        CtSeriesWriter.Write(volume, folder, new CtSeriesOptions { UidSeed = "writer-test" });
        return folder;
    }

    [Fact]
    public void Write_Volume_PydicomReadsSameHuAndGeometry()
    {
        string folder = WriteSample(out var volume);
        string output = DebianPython.Run("""
            import sys, glob, pydicom
            files = sorted(glob.glob(sys.argv[1] + '/*.dcm'))
            for f in files:
                d = pydicom.dcmread(f)
                assert d.file_meta.TransferSyntaxUID == '1.2.840.10008.1.2.1'
                assert d.SOPClassUID == '1.2.840.10008.5.1.4.1.1.2'
                hu = d.pixel_array.astype('float64') * float(d.RescaleSlope) + float(d.RescaleIntercept)
                print(' '.join(str(float(x)) for x in d.ImagePositionPatient), int(hu.sum()), int(hu[3, 5]))
            print(len({pydicom.dcmread(f).SeriesInstanceUID for f in files}))
            """, folder);
        var lines = output.Trim().Split('\n');
        Assert.Equal("1", lines[^1]);
        var g = volume.Geometry;
        for (int k = 0; k < 4; k++)
        {
            var p = g.IndexToPatient(0, 0, k);
            long sum = 0;
            for (int v = k * g.Size.SliceVoxels; v < (k + 1) * g.Size.SliceVoxels; v++)
            {
                sum += (long)volume.Voxels[v];
            }

            Assert.Equal(FormattableString.Invariant($"{p.X:0.0} {p.Y:0.0} {p.Z:0.0} {sum} {volume.Voxels[g.Size.Index(5, 3, k)]}"), lines[k]);
        }
    }

    [Fact]
    public void Write_Volume_SameSeedGivesSameUidsAndAssemblesBack()
    {
        string folder = WriteSample(out var volume);
        var again = CtSeriesWriter.Write(volume, _temp.Sub("again"), new CtSeriesOptions { UidSeed = "writer-test" });
        var result = SeriesAssembler.AssembleFolder(folder, new SeriesAssemblyOptions { MinSlices = 4 });
        Assert.True(result.IsAccepted, result.Rejection?.ToString());
        Assert.Equal(again, result.Series!.Volume.SliceSourceIds);
        Assert.Equal(volume.Voxels, result.Series.Volume.Voxels);
    }

    [Fact]
    public async Task Write_Volume_Dciodvfy_ReportsNoErrors()
    {
        string folder = WriteSample(out _);
        var info = new ProcessStartInfo("dciodvfy") { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add(Path.Combine(folder, "CT0001.dcm"));
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string report = await process.StandardError.ReadToEndAsync() + await stdout;
        await process.WaitForExitAsync();
        Assert.True(!report.Contains("Error", StringComparison.Ordinal), report);
        Assert.Contains("CTImage", report, StringComparison.Ordinal);
    }
}
