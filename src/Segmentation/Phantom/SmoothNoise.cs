using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Segmentation.Phantom;

/// <summary>
/// Deterministic noise from a hash of (seed, position): value noise on a lattice (smooth texture, trilinear with
/// smoothstep) and white Gaussian noise per voxel. No state, so parallel painting gives the same voxels every run.
/// </summary>
internal readonly struct SmoothNoise(int seed)
{
    private readonly uint _seed = (uint)seed * 0x9E3779B9u;

    /// <summary>Smooth noise in [-1, 1] with features about <paramref name="cellMm"/> apart.</summary>
    public double At(Vec3 p, double cellMm, uint channel = 0)
    {
        double x = p.X / cellMm, y = p.Y / cellMm, z = p.Z / cellMm;
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y), z0 = (int)Math.Floor(z);
        double fx = Smooth(x - x0), fy = Smooth(y - y0), fz = Smooth(z - z0);
        double Lerp(double a, double b, double t) => a + (t * (b - a));
        double v000 = Lattice(x0, y0, z0, channel), v100 = Lattice(x0 + 1, y0, z0, channel);
        double v010 = Lattice(x0, y0 + 1, z0, channel), v110 = Lattice(x0 + 1, y0 + 1, z0, channel);
        double v001 = Lattice(x0, y0, z0 + 1, channel), v101 = Lattice(x0 + 1, y0, z0 + 1, channel);
        double v011 = Lattice(x0, y0 + 1, z0 + 1, channel), v111 = Lattice(x0 + 1, y0 + 1, z0 + 1, channel);
        return Lerp(
            Lerp(Lerp(v000, v100, fx), Lerp(v010, v110, fx), fy),
            Lerp(Lerp(v001, v101, fx), Lerp(v011, v111, fx), fy),
            fz);
    }

    /// <summary>A standard normal sample for voxel <paramref name="index"/> (Box-Muller on two hashes).</summary>
    public double Gaussian(long index, uint channel = 7)
    {
        uint h1 = Hash((uint)index, (uint)(index >> 32), channel, 0x51ED27u);
        uint h2 = Hash((uint)index, (uint)(index >> 32), channel, 0xA3B195u);
        double u1 = (h1 + 1.0) / 4294967297.0, u2 = h2 / 4294967296.0;
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double Smooth(double t) => t * t * (3 - (2 * t));

    private double Lattice(int x, int y, int z, uint channel) =>
        (Hash((uint)x, (uint)y, (uint)z, channel) / 2147483647.5) - 1;

    private uint Hash(uint a, uint b, uint c, uint d)
    {
        uint h = _seed ^ (a * 0x85EBCA6Bu) ^ (b * 0xC2B2AE35u) ^ (c * 0x27D4EB2Fu) ^ (d * 0x165667B1u);
        h ^= h >> 15;
        h *= 0x2C1B3C6Du;
        h ^= h >> 12;
        h *= 0x297A2D39u;
        h ^= h >> 15;
        return h;
    }
}
