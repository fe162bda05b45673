using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Segmentation.Phantom;

/// <summary>HU and label arrays being painted: each structure sets the voxels whose centre it contains, later ones on top.</summary>
internal sealed class PhantomCanvas
{
    public PhantomCanvas(VolumeGeometry geometry, int seed)
    {
        Geometry = geometry;
        Hu = new float[geometry.Size.VoxelCount];
        Labels = new byte[geometry.Size.VoxelCount];
        Noise = new SmoothNoise(seed);
    }

    public VolumeGeometry Geometry { get; }

    public float[] Hu { get; }

    public byte[] Labels { get; }

    public SmoothNoise Noise { get; }

    /// <summary>
    /// Paints, within the patient-space box [<paramref name="min"/>, <paramref name="max"/>], every voxel inside the
    /// shape whose current label passes <paramref name="where"/> (null: any).
    /// </summary>
    public void Paint(Vec3 min, Vec3 max, Func<Vec3, bool> inside, Func<Vec3, float> hu, byte label, Func<byte, bool>? where = null)
    {
        var box = VoxelBox(min, max);
        if (box.IsEmpty)
        {
            return;
        }

        var size = Geometry.Size;
        Parallel.For(box.Z0, box.Z1, k =>
        {
            for (int j = box.Y0; j < box.Y1; j++)
            {
                int row = size.Index(0, j, k);
                for (int i = box.X0; i < box.X1; i++)
                {
                    int v = row + i;
                    if (where is not null && !where(Labels[v]))
                    {
                        continue;
                    }

                    var p = Geometry.IndexToPatient(i, j, k);
                    if (inside(p))
                    {
                        Labels[v] = label;
                        Hu[v] = hu(p);
                    }
                }
            }
        });
    }

    /// <summary>Paints a tube from a (radius ra) to b (radius rb) with rounded ends.</summary>
    public void Capsule(Vec3 a, Vec3 b, double ra, double rb, Func<Vec3, float> hu, byte label, Func<byte, bool>? where = null)
    {
        double r = Math.Max(ra, rb);
        var min = new Vec3(Math.Min(a.X, b.X) - r, Math.Min(a.Y, b.Y) - r, Math.Min(a.Z, b.Z) - r);
        var max = new Vec3(Math.Max(a.X, b.X) + r, Math.Max(a.Y, b.Y) + r, Math.Max(a.Z, b.Z) + r);
        var d = b - a;
        double dd = Math.Max(Vec3.Dot(d, d), 1e-12);
        Paint(min, max, p =>
        {
            double t = Math.Clamp(Vec3.Dot(p - a, d) / dd, 0, 1);
            var q = p - (a + (d * t));
            double radius = ra + (t * (rb - ra));
            return Vec3.Dot(q, q) <= radius * radius;
        }, hu, label, where);
    }

    private Box3 VoxelBox(Vec3 min, Vec3 max)
    {
        double lx = double.MaxValue, ly = double.MaxValue, lz = double.MaxValue;
        double hx = double.MinValue, hy = double.MinValue, hz = double.MinValue;
        for (int c = 0; c < 8; c++)
        {
            var corner = new Vec3((c & 1) == 0 ? min.X : max.X, (c & 2) == 0 ? min.Y : max.Y, (c & 4) == 0 ? min.Z : max.Z);
            var index = Geometry.PatientToIndex(corner);
            lx = Math.Min(lx, index.X);
            ly = Math.Min(ly, index.Y);
            lz = Math.Min(lz, index.Z);
            hx = Math.Max(hx, index.X);
            hy = Math.Max(hy, index.Y);
            hz = Math.Max(hz, index.Z);
        }

        var size = Geometry.Size;
        static int Lo(double v) => (int)Math.Max(Math.Floor(v), -1);
        static int Hi(double v, int n) => (int)Math.Min(Math.Ceiling(v) + 1, n + 1.0);
        int x0 = Math.Max(0, Lo(lx)), y0 = Math.Max(0, Lo(ly)), z0 = Math.Max(0, Lo(lz));
        int x1 = Math.Min(size.X, Hi(hx, size.X)), y1 = Math.Min(size.Y, Hi(hy, size.Y)), z1 = Math.Min(size.Z, Hi(hz, size.Z));
        return new Box3(x0, y0, z0, Math.Max(x0, x1), Math.Max(y0, y1), Math.Max(z0, z1));
    }
}
