using DicomSegNode.Segmentation.Cascade;
using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Segmentation.Tests.Cascade;

/// <summary>
/// The cascade with hand-built threshold networks whose output is known (liver model: HU in [30, 80) tumour, >= 80
/// liver; vessel model: [30, 80) tumour, >= 200 vessel), so that ROI, resampling, masking and pasting are checked
/// voxel by voxel.
/// </summary>
public class LiverVesselCascadeTests
{
    private static readonly GridSize s_size = new(48, 40, 30);
    private static readonly CascadeOptions s_options = new() { RoiMarginMm = 4, LiverDilationMm = 1, MinLiverMillilitres = 1 };

    private static readonly Box3 s_liver = new(10, 8, 4, 34, 30, 24);
    private static readonly Box3 s_hole = new(20, 18, 14, 22, 20, 16);
    private static readonly Box3 s_tumour = new(12, 10, 8, 16, 14, 12);
    private static readonly Box3 s_tube = new(14, 24, 18, 30, 26, 20);
    private static readonly Box3 s_blob = new(40, 2, 2, 44, 6, 6);
    private static readonly Box3 s_brightNearLiver = new(36, 10, 10, 38, 12, 12);
    private static readonly Box3 s_brightOutsideRoi = new(44, 30, 26, 46, 32, 28);

    private static void Fill(float[] v, Box3 b, float hu)
    {
        for (int z = b.Z0; z < b.Z1; z++)
        {
            for (int y = b.Y0; y < b.Y1; y++)
            {
                for (int x = b.X0; x < b.X1; x++)
                {
                    v[s_size.Index(x, y, z)] = hu;
                }
            }
        }
    }

    internal static Volume Scene()
    {
        var g = VolumeGeometry.Axial(s_size, new Vec3(1, 1, 1), new Vec3(-20, 15, 100));
        var v = new float[s_size.VoxelCount];
        Array.Fill(v, -100f);
        Fill(v, s_liver, 150);
        Fill(v, s_hole, -100);
        Fill(v, s_tumour, 50);
        Fill(v, s_tube, 300);
        Fill(v, s_blob, 150);
        Fill(v, s_brightNearLiver, 300);
        Fill(v, s_brightOutsideRoi, 300);
        return new Volume(g, v, [.. Enumerable.Range(0, s_size.Z).Select(k => $"uid.{k}")]);
    }

    private static byte[] BoxMask(Box3 b, bool dropCorners = false, bool dropXEnds = false)
    {
        var m = new byte[s_size.VoxelCount];
        for (int z = b.Z0; z < b.Z1; z++)
        {
            for (int y = b.Y0; y < b.Y1; y++)
            {
                for (int x = b.X0; x < b.X1; x++)
                {
                    bool cx = x == b.X0 || x == b.X1 - 1, cy = y == b.Y0 || y == b.Y1 - 1, cz = z == b.Z0 || z == b.Z1 - 1;
                    bool drop = (dropCorners && cx && cy && cz) || (dropXEnds && cx);
                    m[s_size.Index(x, y, z)] = drop ? (byte)0 : (byte)1;
                }
            }
        }

        return m;
    }

    private static CascadeResult Run(double[]? liverSpacing, double[]? vesselSpacing, Volume? volume = null, List<CascadeProgress>? progress = null)
    {
        using var liver = TestPackages.Load("liver-threshold", liverSpacing);
        using var vessel = TestPackages.Load("vessel-threshold", vesselSpacing);
        var reports = progress is null ? null : new ListProgress(progress);
        return new LiverVesselCascade(liver, vessel, s_options).Run(volume ?? Scene(), reports);
    }

    [Fact]
    public void Run_ModelsAtSourceSpacing_GivesExactMasksRoiAndVolumes()
    {
        var progress = new List<CascadeProgress>();
        var result = Run(null, null, progress: progress);
        Assert.True(result.LiverFound, result.Message);

        // Largest component only (blob and bright block gone), hole filled, tumour and vessel tube inside.
        Assert.Equal(BoxMask(s_liver), result.Liver.Mask.Labels);
        Assert.Equal(BoxMask(s_tumour), result.Tumour.Mask.Labels);
        // Vessel stage: the tube; the bright block inside the ROI but outside the dilated liver is masked out.
        Assert.Equal(BoxMask(s_tube), result.Vessels.Mask.Labels);
        Assert.Equal(new Box3(6, 4, 0, 38, 34, 28), result.LiverRoi);
        Assert.Equal(24 * 22 * 20 / 1000.0, result.Liver.Millilitres, 9);
        Assert.Equal(0.064, result.Tumour.Millilitres, 9);
        Assert.Equal(0.064, result.Vessels.Millilitres, 9);

        Assert.Equal(
            ["liver: resample", "liver: inference", "liver: post-processing", "vessels: resample", "vessels: inference", "vessels: post-processing"],
            result.Timings.Select(t => t.Stage));
        Assert.Equal(["liver-threshold", "vessel-threshold"], result.Models.Select(m => m.Name));
        Assert.Contains(progress, p => p.Stage == "vessels: inference" && p.Fraction == 1.0);
    }

    [Fact]
    public void Run_ModelsAtTwiceTheSpacing_ResamplesBothWaysAsTrilinearPredicts()
    {
        // 2 mm model grids over a 1 mm source: every structure is aligned to 2x2x2 blocks, so the models see exact
        // block values; back on the source grid a voxel keeps its class where its own block weighs more than the
        // rest: everywhere except a box's 8 corner voxels (weight 0.75^3 = 0.42) and, for the 2x2 tube, its end faces.
        var result = Run([2, 2, 2], [2, 2, 2]);
        Assert.True(result.LiverFound, result.Message);
        Assert.Equal(BoxMask(s_liver, dropCorners: true), result.Liver.Mask.Labels);
        Assert.Equal(BoxMask(s_tumour, dropCorners: true), result.Tumour.Mask.Labels);
        Assert.Equal(BoxMask(s_tube, dropXEnds: true), result.Vessels.Mask.Labels);
        Assert.Equal(new Box3(6, 4, 0, 38, 34, 28), result.LiverRoi);
    }

    [Fact]
    public void Run_AnisotropicSourceGrid_LandsVesselsWhereTheyAre()
    {
        // The same scene on a 0.8 x 0.8 x 2.5 mm grid with 1.5 mm models: the vessel mask's centroid must sit on the tube's.
        var scene = Scene();
        var g = new VolumeGeometry(s_size, scene.Geometry.Origin, new Vec3(0.8, 0.8, 2.5), new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, 1));
        var volume = new Volume(g, scene.Voxels, scene.SliceSourceIds);
        var result = Run([1.5, 1.5, 1.5], [1.0, 1.0, 1.0], volume);
        Assert.True(result.LiverFound, result.Message);
        static Vec3 Centroid(byte[] m)
        {
            double x = 0, y = 0, z = 0;
            long n = 0;
            for (int v = 0; v < m.Length; v++)
            {
                if (m[v] != 0)
                {
                    x += v % s_size.X;
                    y += v / s_size.X % s_size.Y;
                    z += v / s_size.SliceVoxels;
                    n++;
                }
            }

            return new Vec3(x / n, y / n, z / n);
        }

        Assert.True((Centroid(result.Vessels.Mask.Labels) - Centroid(BoxMask(s_tube))).Length < 0.6);
        Assert.InRange(result.Liver.Mask.Count(1), 0.9 * 10560, 1.1 * 10560);
        Assert.True(result.Vessels.Mask.Count(1) > 0);
        // Nothing of the vessel stage outside the (dilated) liver.
        var dilated = Morphology.Dilate(result.Liver.Mask.Labels, s_size, 1, 1, 0);
        Assert.All(Enumerable.Range(0, dilated.Length).Where(v => result.Vessels.Mask.Labels[v] != 0), v => Assert.Equal(1, dilated[v]));
    }

    [Fact]
    public void Run_NoLiver_IsAReportedResultWithEmptyMasks()
    {
        var empty = Scene();
        Array.Fill(empty.Voxels, -100f);
        var result = Run(null, null, empty);
        Assert.False(result.LiverFound);
        Assert.Contains("no liver found", result.Message, StringComparison.Ordinal);
        Assert.Null(result.LiverRoi);
        Assert.All(result.Segments, s => Assert.Equal(0, s.Millilitres));
        Assert.Equal(3, result.Timings.Count);

        // A speck of liver below the minimum volume is no liver either.
        Fill(empty.Voxels, new Box3(5, 5, 5, 7, 7, 7), 150);
        var speck = Run(null, null, empty);
        Assert.False(speck.LiverFound);
        Assert.Contains("below the 1 mL minimum", speck.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToLabelMap_OverlappingSegments_UsesPhantomNumbering()
    {
        var labels = Run(null, null).ToLabelMap();
        Assert.Equal(2, labels.Labels[s_size.Index(13, 11, 9)]);
        Assert.Equal(3, labels.Labels[s_size.Index(20, 24, 18)]);
        Assert.Equal(1, labels.Labels[s_size.Index(20, 18, 14)]);
        Assert.Equal(0, labels.Labels[s_size.Index(41, 3, 3)]);
    }

    [Fact]
    public void Constructor_ModelWithoutLiverClass_Throws()
    {
        using var vessel = TestPackages.Load("vessel-threshold");
        using var vessel2 = TestPackages.Load("vessel-threshold");
        var e = Assert.Throws<ArgumentException>(() => new LiverVesselCascade(vessel, vessel2));
        Assert.Contains("no liver class", e.Message, StringComparison.Ordinal);
    }

    private sealed class ListProgress(List<CascadeProgress> list) : IProgress<CascadeProgress>
    {
        public void Report(CascadeProgress value)
        {
            lock (list)
            {
                list.Add(value);
            }
        }
    }
}
