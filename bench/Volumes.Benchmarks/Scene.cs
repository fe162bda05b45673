using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Volumes.Benchmarks;

/// <summary>
/// A deterministic CT-sized scene that bench/volume_ops_scipy.py rebuilds identically: HU 100 inside an ellipsoid
/// "liver" with enclosed spherical holes, -100 elsewhere; the mask is the ellipsoid without the holes plus a row of
/// small separate blobs.
/// </summary>
internal sealed record Scene(VolumeGeometry Geometry, float[] Hu, byte[] Mask)
{
    public static Scene Build(int n, int slices)
    {
        var size = new GridSize(n, n, slices);
        var g = VolumeGeometry.Axial(size, new Vec3(0.8, 0.8, 1.0));
        var hu = new float[size.VoxelCount];
        var mask = new byte[size.VoxelCount];
        Parallel.For(0, slices, k =>
        {
            for (int j = 0; j < n; j++)
            {
                for (int i = 0; i < n; i++)
                {
                    bool on = Inside(i, j, k, n, slices);
                    int v = size.Index(i, j, k);
                    hu[v] = on ? 100f : -100f;
                    mask[v] = on ? (byte)1 : (byte)0;
                }
            }
        });
        return new Scene(g, hu, mask);
    }

    internal static bool Inside(int i, int j, int k, int n, int slices)
    {
        double dx = (i - (0.4 * n)) / (0.25 * n), dy = (j - (0.5 * n)) / (0.2 * n), dz = (k - (0.5 * slices)) / (0.3 * slices);
        bool ellipsoid = (dx * dx) + (dy * dy) + (dz * dz) <= 1;
        // Holes: spheres of radius 6 on a 40-voxel lattice inside the ellipsoid.
        int hi = ((i + 20) % 40) - 20, hj = ((j + 20) % 40) - 20, hk = ((k + 20) % 40) - 20;
        bool hole = (hi * hi) + (hj * hj) + (hk * hk) <= 36;
        // Blobs: 3-voxel cubes every 16 voxels along a line near the edge.
        bool blob = j >= 10 && j < 13 && k >= 10 && k < 13 && i % 16 < 3;
        return (ellipsoid && !hole) || blob;
    }

    public static IEnumerable<(string Name, Action Run)> Operations(Scene s)
    {
        var size = s.Geometry.Size;
        var coarse = s.Geometry.WithSpacing(new Vec3(1.5, 1.5, 1.5));
        yield return ("resample_trilinear_to_1.5mm", () => Resampler.Trilinear(s.Hu, s.Geometry, coarse, -1024));
        yield return ("label_26", () => ConnectedComponents.Label(s.Mask, size, Connectivity.TwentySix));
        yield return ("fill_holes", () => HoleFilling.Fill(s.Mask, size));
        yield return ("dilate_box_13x13x11", () => Morphology.Dilate(s.Mask, size, 6, 6, 5));
        yield return ("keep_largest_26", () => ConnectedComponents.KeepLargest(s.Mask, size, Connectivity.TwentySix));
    }
}
