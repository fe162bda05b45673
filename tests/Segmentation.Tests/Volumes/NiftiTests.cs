using System.Globalization;
using System.IO.Compression;
using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Segmentation.Tests.Volumes;

public sealed class NiftiTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nifti-tests").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static LabelMap SampleLabels(VolumeGeometry g)
    {
        var labels = new byte[g.Size.VoxelCount];
        for (int v = 0; v < labels.Length; v++)
        {
            labels[v] = (byte)(v * 7 % 5);
        }

        return new LabelMap(g, labels);
    }

    [Fact]
    public void WriteThenRead_ObliqueLabels_RoundTripsGeometryAndValues()
    {
        var g = new VolumeGeometry(new GridSize(6, 5, 4), new Vec3(-120.5, 80.25, -33), new Vec3(0.75, 0.8, 2.5),
            new Vec3(Math.Cos(0.3), Math.Sin(0.3), 0), new Vec3(-Math.Sin(0.3), Math.Cos(0.3), 0), new Vec3(0, 0, -1));
        var labels = SampleLabels(g);
        string path = Path.Combine(_dir, "labels.nii.gz");
        NiftiWriter.Write(path, labels);
        var image = NiftiReader.Read(path);
        Assert.Equal(NiftiDataType.UInt8, image.DataType);
        Assert.True(image.Geometry.SameGridAs(g, 1e-4), $"{image.Geometry} vs {g}");
        Assert.Equal(labels.Labels, image.ToLabelMap().Labels);
    }

    [Fact]
    public void Write_Float32_NibabelSeesRasAffineAndSameValues()
    {
        // LPS axes: X to the left, Y posterior, slices feet to head; so RAS columns negate the first two rows.
        var g = new VolumeGeometry(new GridSize(4, 3, 2), new Vec3(10, 20, 30), new Vec3(0.5, 0.6, 2), new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, 1));
        var values = Enumerable.Range(0, 24).Select(v => (v * 1.5f) - 1000).ToArray();
        string path = Path.Combine(_dir, "ct.nii.gz");
        NiftiWriter.Write(path, g, values);
        string output = DebianPython.Run("""
            import sys, nibabel as nib, numpy as np
            img = nib.load(sys.argv[1])
            a = img.affine
            d = np.asarray(img.dataobj)
            print(' '.join('%.4f' % x for x in a[:3, :].ravel()))
            print(' '.join('%.4f' % x for x in img.get_qform()[:3, :].ravel()))
            print(d.shape, '%.2f' % d[1, 2, 1], '%.2f' % d[3, 0, 0])
            """, path);
        var lines = output.Trim().Split('\n');
        string expected = "-0.5000 -0.0000 -0.0000 -10.0000 -0.0000 -0.6000 -0.0000 -20.0000 0.0000 0.0000 2.0000 30.0000";
        Assert.Equal(Normalise(expected), Normalise(lines[0]));
        Assert.Equal(Normalise(expected), Normalise(lines[1]));
        // Voxel (x=1, y=2, z=1) is index 1 + 4*2 + 12 = 21 -> 21*1.5 - 1000.
        Assert.Equal("(4, 3, 2) -968.50 -995.50", lines[2].Trim());
    }

    [Fact]
    public void Read_TotalSegmentatorLabels_MatchesNibabel()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "totalsegmentator", "example_seg_dicom.nii.gz");
        var image = NiftiReader.Read(path);
        string output = DebianPython.Run("""
            import sys, nibabel as nib, numpy as np
            img = nib.load(sys.argv[1])
            d = np.asarray(img.dataobj)
            print(' '.join(str(x) for x in d.shape))
            print(' '.join('%.4f' % x for x in img.affine[:3, :].ravel()))
            print(int((d == 5).sum()), int(d[256, 300, 10]))
            """, path);
        var lines = output.Trim().Split('\n');
        Assert.Equal($"{image.Geometry.Size.X} {image.Geometry.Size.Y} {image.Geometry.Size.Z}", lines[0]);
        var affine = image.Geometry.ToAffine();
        var ras = new List<string>();
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                ras.Add((r < 2 ? -affine[r, c] : affine[r, c]).ToString("F4", CultureInfo.InvariantCulture));
            }
        }

        Assert.Equal(Normalise(lines[1]), Normalise(string.Join(' ', ras)));
        var labels = image.ToLabelMap();
        var parts = lines[2].Split(' ');
        Assert.Equal(long.Parse(parts[0], CultureInfo.InvariantCulture), labels.Count(5));
        Assert.Equal(parts[1], labels.Labels[image.Geometry.Size.Index(256, 300, 10)].ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Read_TruncatedData_ThrowsInvalidData()
    {
        var g = VolumeGeometry.Axial(new GridSize(10, 10, 10), new Vec3(1, 1, 1));
        string path = Path.Combine(_dir, "short.nii");
        NiftiWriter.Write(path, SampleLabels(g));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);
        var e = Assert.Throws<InvalidDataException>(() => NiftiReader.Read(path));
        Assert.Contains("990", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HeaderClaimingHugeVolume_ThrowsBeforeAllocating()
    {
        var header = NiftiWriter.BuildHeader(VolumeGeometry.Axial(new GridSize(2, 2, 2), new Vec3(1, 1, 1)), NiftiDataType.Float32, "x");
        // dim = 30000 x 30000 x 30000.
        for (int i = 1; i <= 3; i++)
        {
            BitConverter.TryWriteBytes(header.AsSpan(40 + (2 * i)), (short)30000);
        }

        using var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(header);
        }

        gz.Position = 0;
        var e = Assert.Throws<InvalidDataException>(() => NiftiReader.Read(gz));
        Assert.Contains("limit", e.Message, StringComparison.Ordinal);

        // Within the voxel limit but with no data behind it: a clear error, not an 8 GB allocation.
        for (int i = 1; i <= 3; i++)
        {
            BitConverter.TryWriteBytes(header.AsSpan(40 + (2 * i)), (short)1200);
        }

        Assert.Throws<InvalidDataException>(() => NiftiReader.Read(new MemoryStream(header)));
    }

    [Fact]
    public void Read_NotNifti_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => NiftiReader.Read(new MemoryStream(new byte[400])));
        Assert.Throws<InvalidDataException>(() => NiftiReader.Read(new MemoryStream(new byte[10])));
    }

    [Fact]
    public void Millilitres_TenCubedOneMillimetreVoxels_IsOneMillilitre()
    {
        var g = VolumeGeometry.Axial(new GridSize(20, 20, 5), new Vec3(1, 1, 2));
        var labels = new byte[g.Size.VoxelCount];
        for (int z = 0; z < 5; z++)
        {
            for (int y = 0; y < 10; y++)
            {
                labels.AsSpan(g.Size.Index(0, y, z), 10).Fill(3);
            }
        }

        Assert.Equal(1.0, new LabelMap(g, labels).Millilitres(3), 12);
        Assert.Equal(0.0, VolumeMeasure.Millilitres(labels, 1, g));
    }

    private static string Normalise(string s) => s.Trim().Replace("-0.0000", "0.0000", StringComparison.Ordinal);
}
