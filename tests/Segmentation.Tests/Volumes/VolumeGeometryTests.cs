using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Segmentation.Tests.Volumes;

public class VolumeGeometryTests
{
    internal static VolumeGeometry Oblique(GridSize size)
    {
        // Rotated 30 degrees about the patient's Z, tilted slices (a sheared stack), non-zero origin.
        double c = Math.Cos(Math.PI / 6), s = Math.Sin(Math.PI / 6);
        var ax = new Vec3(c, s, 0);
        var ay = new Vec3(-s, c, 0);
        var az = new Vec3(0, 0.2, 1).Normalized();
        return new VolumeGeometry(size, new Vec3(-100.5, 20.25, 300), new Vec3(0.8, 0.7, 2.5), ax, ay, az);
    }

    [Fact]
    public void PatientToIndex_ObliqueShearedGrid_InvertsIndexToPatient()
    {
        var g = Oblique(new GridSize(7, 9, 5));
        foreach (var (i, j, k) in new[] { (0.0, 0.0, 0.0), (6.0, 8.0, 4.0), (1.25, 3.5, 2.75) })
        {
            var index = g.PatientToIndex(g.IndexToPatient(i, j, k));
            Assert.Equal(i, index.X, 9);
            Assert.Equal(j, index.Y, 9);
            Assert.Equal(k, index.Z, 9);
        }
    }

    [Fact]
    public void IndexToPatient_AxialGrid_IsOriginPlusSpacingTimesIndex()
    {
        var g = VolumeGeometry.Axial(new GridSize(4, 4, 4), new Vec3(0.5, 0.75, 2), new Vec3(10, 20, 30));
        Assert.Equal(new Vec3(11.5, 22.25, 36), g.IndexToPatient(3, 3, 3));
        Assert.Equal(0.5 * 0.75 * 2, g.VoxelVolumeMm3, 12);
    }

    [Fact]
    public void VoxelVolumeMm3_ShearedGrid_IsTheParallelepiped()
    {
        var g = Oblique(new GridSize(2, 2, 2));
        double cosTilt = 1 / new Vec3(0, 0.2, 1).Length;
        Assert.Equal(0.8 * 0.7 * 2.5 * cosTilt, g.VoxelVolumeMm3, 9);
        Assert.False(g.IsOrthogonal);
    }

    [Fact]
    public void WithSpacing_HalvedSpacing_DoublesSizeAndKeepsExtent()
    {
        var g = VolumeGeometry.Axial(new GridSize(10, 10, 4), new Vec3(1, 1, 3), new Vec3(0, 0, 0));
        var fine = g.WithSpacing(new Vec3(0.5, 0.5, 1.5));
        Assert.Equal(new GridSize(20, 20, 8), fine.Size);
        // First voxel's outer face stays at -0.5 (old) = -0.25 - 0.25 (new).
        Assert.Equal(new Vec3(-0.25, -0.25, -0.75), fine.Origin);
    }

    [Fact]
    public void Crop_Box_MovesOriginToBoxCorner()
    {
        var g = Oblique(new GridSize(10, 10, 10));
        var cropped = g.Crop(new Box3(2, 3, 4, 5, 6, 7));
        Assert.Equal(new GridSize(3, 3, 3), cropped.Size);
        Assert.True((cropped.IndexToPatient(1, 1, 1) - g.IndexToPatient(3, 4, 5)).Length < 1e-9);
    }

    [Fact]
    public void Constructor_NonOrthogonalRowAndColumn_Throws()
    {
        Assert.Throws<ArgumentException>(() => new VolumeGeometry(
            new GridSize(2, 2, 2), default, new Vec3(1, 1, 1), new Vec3(1, 0, 0), new Vec3(0.5, Math.Sqrt(0.75), 0), new Vec3(0, 0, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => VolumeGeometry.Axial(new GridSize(2, 2, 2), new Vec3(1, 0, 1)));
    }
}
