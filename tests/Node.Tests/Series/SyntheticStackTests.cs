using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Node.Series;
using DicomSegNode.Node.Tests.Support;
using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Node.Tests.Series;

/// <summary>Geometry of assembled stacks written by <see cref="CtSeriesWriter"/>: axial, reversed, oblique and tilted.</summary>
public sealed class SyntheticStackTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Volume Ramp(VolumeGeometry g)
    {
        var voxels = new float[g.Size.VoxelCount];
        for (int v = 0; v < voxels.Length; v++)
        {
            voxels[v] = (v % 97 * 10) - 500;
        }

        return new Volume(g, voxels, [.. Enumerable.Range(0, g.Size.Z).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }

    private string Write(VolumeGeometry g, string name)
    {
        string folder = _temp.Sub(name);
        CtSeriesWriter.Write(Ramp(g), folder, new CtSeriesOptions { UidSeed = name });
        return folder;
    }

    private static void AssertGeometryMatchesPositions(AssembledSeries series)
    {
        var g = series.Volume.Geometry;
        for (int k = 0; k < g.Size.Z; k++)
        {
            double[] ipp = DicomFile.Open(series.Slices[k].Path).Dataset.GetDoubleArray(DicomTags.ImagePositionPatient);
            var p = new Vec3(ipp[0], ipp[1], ipp[2]);
            Assert.True((g.IndexToPatient(0, 0, k) - p).Length < 1e-3, $"slice {k}: {g.IndexToPatient(0, 0, k)} vs {p}");
            // And back: the position maps to voxel index (0, 0, k).
            var index = g.PatientToIndex(p);
            Assert.True(Math.Abs(index.X) + Math.Abs(index.Y) + Math.Abs(index.Z - k) < 1e-3);
        }
    }

    public static TheoryData<string> Orientations => ["axial", "feet-first", "oblique", "tilted"];

    private static VolumeGeometry GeometryFor(string kind)
    {
        var size = new GridSize(16, 12, 9);
        return kind switch
        {
            "axial" => VolumeGeometry.Axial(size, new Vec3(0.7, 0.8, 2.5), new Vec3(-5.6, -4.8, -100)),
            // Slice normal points to the feet: positions decrease along +Z of the patient.
            "feet-first" => new VolumeGeometry(size, new Vec3(5, -4, 30), new Vec3(0.7, 0.8, 2.5), new Vec3(-1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, -1)),
            "oblique" => new VolumeGeometry(size, new Vec3(10, 20, 30), new Vec3(0.7, 0.8, 2.5),
                new Vec3(Math.Cos(0.4), Math.Sin(0.4), 0), new Vec3(-Math.Sin(0.4) * Math.Cos(0.3), Math.Cos(0.4) * Math.Cos(0.3), Math.Sin(0.3)),
                Vec3.Cross(new Vec3(Math.Cos(0.4), Math.Sin(0.4), 0), new Vec3(-Math.Sin(0.4) * Math.Cos(0.3), Math.Cos(0.4) * Math.Cos(0.3), Math.Sin(0.3)))),
            // Gantry tilt of 15 degrees: slices step along Z and Y.
            _ => new VolumeGeometry(size, new Vec3(0, 0, 0), new Vec3(0.7, 0.8, 2.5), new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, Math.Sin(0.26), Math.Cos(0.26))),
        };
    }

    [Theory]
    [MemberData(nameof(Orientations))]
    public void Assemble_Orientation_VoxelToPatientMatchesImagePositionOfEverySlice(string kind)
    {
        var g = GeometryFor(kind);
        var result = SeriesAssembler.AssembleFolder(Write(g, kind));
        Assert.True(result.IsAccepted, result.Rejection?.ToString());
        var series = result.Series!;
        AssertGeometryMatchesPositions(series);
        Assert.True(series.Volume.Geometry.SameGridAs(g, 1e-3));
        Assert.Equal(Ramp(g).Voxels, series.Volume.Voxels);
        Assert.Equal(kind == "tilted", series.IsTilted);
    }

    [Fact]
    public void Assemble_PositionsRoundedOffTheNormal_StayAnUntiltedGrid()
    {
        // A drift of 0.02 mm across the stack (rounding in ImagePositionPatient) is not a gantry tilt.
        string folder = Write(GeometryFor("axial"), "rounded");
        string path = Path.Combine(folder, "CT0009.dcm");
        var ds = DicomFile.Open(path).Dataset;
        double[] ipp = ds.GetDoubleArray(DicomTags.ImagePositionPatient);
        ds.SetDecimalString(DicomTags.ImagePositionPatient, ipp[0] + 0.02, ipp[1], ipp[2]);
        new DicomFile(ds).Save(path);
        var result = SeriesAssembler.AssembleFolder(folder);
        Assert.True(result.IsAccepted, result.Rejection?.ToString());
        Assert.False(result.Series!.IsTilted);
        Assert.Equal(new Vec3(0, 0, 1), result.Series.Volume.Geometry.AxisZ);
    }

    [Fact]
    public void Assemble_IrregularStep_IsRejected()
    {
        string folder = Write(GeometryFor("axial"), "irregular");
        string path = Path.Combine(folder, "CT0005.dcm");
        var ds = DicomFile.Open(path).Dataset;
        double[] ipp = ds.GetDoubleArray(DicomTags.ImagePositionPatient);
        ds.SetDecimalString(DicomTags.ImagePositionPatient, ipp[0], ipp[1], ipp[2] + 0.6);
        new DicomFile(ds).Save(path);
        var result = SeriesAssembler.AssembleFolder(folder);
        Assert.Equal(SeriesRejectionReason.IrregularSpacing, result.Rejection!.Reason);
    }

    [Fact]
    public void Assemble_SliceOffTheLine_IsInconsistentGeometry()
    {
        string folder = Write(GeometryFor("axial"), "offline");
        string path = Path.Combine(folder, "CT0004.dcm");
        var ds = DicomFile.Open(path).Dataset;
        double[] ipp = ds.GetDoubleArray(DicomTags.ImagePositionPatient);
        ds.SetDecimalString(DicomTags.ImagePositionPatient, ipp[0] + 3, ipp[1], ipp[2]);
        new DicomFile(ds).Save(path);
        Assert.Equal(SeriesRejectionReason.InconsistentGeometry, SeriesAssembler.AssembleFolder(folder).Rejection!.Reason);
    }

    [Fact]
    public void Assemble_ReformatInAnotherOrientation_IsLeftOut()
    {
        string folder = Write(GeometryFor("axial"), "with-coronal");
        var coronal = new VolumeGeometry(new GridSize(16, 12, 3), new Vec3(0, 0, 0), new Vec3(1, 1, 1), new Vec3(1, 0, 0), new Vec3(0, 0, -1), new Vec3(0, 1, 0));
        string other = _temp.Sub("coronal");
        CtSeriesWriter.Write(Ramp(coronal), other, new CtSeriesOptions { UidSeed = "coronal", SeriesInstanceUid = DicomFile.Open(Path.Combine(folder, "CT0001.dcm")).Dataset.GetUid(DicomTags.SeriesInstanceUID) });
        foreach (var f in Directory.GetFiles(other))
        {
            File.Copy(f, Path.Combine(folder, "coronal-" + Path.GetFileName(f)));
        }

        var result = SeriesAssembler.AssembleFolder(folder);
        Assert.True(result.IsAccepted, result.Rejection?.ToString());
        Assert.Equal(9, result.Series!.Volume.Size.Z);
        Assert.Equal(3, result.Excluded.Count(e => e.Detail.Contains("smaller stack", StringComparison.Ordinal)));
    }
}
