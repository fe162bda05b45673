using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Segmentation.Phantom;

public static partial class PhantomGenerator
{
    private const int MaxVesselSegments = 900;

    /// <summary>
    /// Grows the portal venous tree from the hilum and three hepatic veins from the vena cava as binary trees of
    /// tapering tubes that stay inside the liver; paints them (label 3 inside the liver) and the extrahepatic portal
    /// trunk (label 12). Returns the number of tube segments inside the liver.
    /// </summary>
    private static int PaintVessels(PhantomCanvas c, Anatomy a, Random rng)
    {
        var segments = new List<(Vec3 A, Vec3 B, double Ra, double Rb)>();
        double minRadius = Math.Max(0.9, a.PixelSpacing * 0.6);

        // Portal vein: enters at the hilum, on the inferior-medial face of the right lobe.
        var hilum = a.RightLobeCentre + new Vec3(a.RightLobeRadii.X * 0.45, a.RightLobeRadii.Y * 0.15, -a.RightLobeRadii.Z * 0.25);
        double portalRadius = Uniform(rng, 5.5, 7.5);
        Grow(segments, a, rng, hilum, new Vec3(-1, -0.1, 0.35).Normalized(), portalRadius, 0, minRadius);
        Grow(segments, a, rng, hilum, new Vec3(0.6, -0.6, 0.3).Normalized(), portalRadius * 0.8, 1, minRadius);

        // Hepatic veins: right, middle and left, from the vena cava at the top towards the liver's periphery.
        var confluence = new Vec3(a.Ivc.X, a.Ivc.Y - 6, a.LiverTop - Uniform(rng, 18, 28));
        foreach (var direction in new[] { new Vec3(-1, -0.2, -0.45), new Vec3(-0.25, -1, -0.5), new Vec3(0.7, -0.8, -0.3) })
        {
            Grow(segments, a, rng, confluence, direction.Normalized(), Uniform(rng, 4.5, 6), 0, minRadius);
        }

        float Vessel(Vec3 p) => (float)(a.VesselHu + (5 * c.Noise.At(p, 2, 8)));
        static bool InLiver(byte l) => l is PhantomLabels.LiverParenchyma or PhantomLabels.HepaticVessel;
        foreach (var (sa, sb, ra, rb) in segments)
        {
            c.Capsule(sa, sb, ra, rb, Vessel, PhantomLabels.HepaticVessel, InLiver);
        }

        // Extrahepatic portal trunk: from the hilum down and medially towards the splenic confluence.
        var confluenceBelow = new Vec3(a.Centre.X + 5, a.Centre.Y + (a.SpineY * 0.35), hilum.Z - 45);
        c.Capsule(hilum, confluenceBelow, portalRadius, portalRadius, Vessel, PhantomLabels.PortalVeinOutsideLiver,
            l => l is PhantomLabels.Background or PhantomLabels.Muscle);
        return segments.Count;
    }

    private static void Grow(List<(Vec3, Vec3, double, double)> segments, Anatomy a, Random rng, Vec3 start, Vec3 direction, double radius, int depth, double minRadius)
    {
        if (segments.Count >= MaxVesselSegments || radius < minRadius || depth > 9)
        {
            return;
        }

        double length = (Uniform(rng, 10, 20) * Math.Sqrt(radius / 3)) + 5;
        var end = start + (direction * length);
        if (!a.InsideLiver(end))
        {
            end = start + (direction * (length * 0.5));
            if (!a.InsideLiver(end))
            {
                return;
            }
        }

        double endRadius = radius * 0.93;
        segments.Add((start, end, radius, endRadius));
        int children = depth == 0 || rng.NextDouble() < 0.85 ? 2 : 1;
        for (int child = 0; child < children; child++)
        {
            double shrink = children == 1 ? Uniform(rng, 0.85, 0.95) : Uniform(rng, 0.68, 0.84);
            double angle = (children == 1 ? Uniform(rng, 5, 15) : Uniform(rng, 20, 42)) * Math.PI / 180 * (child == 0 ? 1 : -1);
            Grow(segments, a, rng, end, Turn(direction, angle, rng), endRadius * shrink, depth + 1, minRadius);
        }
    }

    // Rotates a unit vector by an angle about a random axis perpendicular to it (Rodrigues, with the axis normal to v).
    private static Vec3 Turn(Vec3 v, double angle, Random rng)
    {
        var helper = Math.Abs(v.Z) < 0.9 ? new Vec3(0, 0, 1) : new Vec3(1, 0, 0);
        var u = Vec3.Cross(v, helper).Normalized();
        var w = Vec3.Cross(v, u);
        double phi = rng.NextDouble() * 2 * Math.PI;
        var axis = (u * Math.Cos(phi)) + (w * Math.Sin(phi));
        return ((v * Math.Cos(angle)) + (Vec3.Cross(axis, v) * Math.Sin(angle))).Normalized();
    }

    /// <summary>Places 0-4 hypodense tumours inside the liver (label 2 over parenchyma and vessels).</summary>
    private static int PaintTumours(PhantomCanvas c, Anatomy a, Random rng)
    {
        double draw = rng.NextDouble();
        int count = draw < 0.1 ? 0 : draw < 0.5 ? 1 : draw < 0.8 ? 2 : rng.Next(3, 5);
        var sliceLow = a.Geometry.Origin.Z;
        var sliceHigh = a.Geometry.IndexToPatient(0, 0, a.Geometry.Size.Z - 1).Z;
        int placed = 0;
        for (int t = 0; t < count; t++)
        {
            double radius = Uniform(rng, 6, 24);
            Vec3 centre = default;
            bool found = false;
            for (int attempt = 0; attempt < 200 && !found; attempt++)
            {
                var lo = a.LiverMin;
                var hi = a.LiverMax;
                centre = new Vec3(Uniform(rng, lo.X, hi.X), Uniform(rng, lo.Y, hi.Y), Uniform(rng, Math.Max(lo.Z, sliceLow), Math.Min(hi.Z, sliceHigh)));
                found = a.LiverField(centre) < 0.55;
            }

            if (!found)
            {
                continue;
            }

            var radii = new Vec3(radius * Uniform(rng, 0.8, 1.2), radius * Uniform(rng, 0.8, 1.2), radius * Uniform(rng, 0.8, 1.2));
            double contrast = Uniform(rng, 35, 70);
            bool rim = rng.NextDouble() < 0.4;
            int channel = 20 + t;
            c.Paint(centre - (radii * 1.3), centre + (radii * 1.3),
                p => Ellipsoid(p, centre, radii) + (0.25 * c.Noise.At(p, radius * 0.6, (uint)channel)) < 1,
                p =>
                {
                    double e = Ellipsoid(p, centre, radii);
                    double hu = a.LiverHu - contrast + (6 * c.Noise.At(p, 3, 9));
                    return (float)(rim && e > 0.7 ? hu + (contrast * 0.6) : hu);
                },
                PhantomLabels.LiverTumour,
                l => l is PhantomLabels.LiverParenchyma or PhantomLabels.HepaticVessel or PhantomLabels.LiverTumour);
            placed++;
        }

        return placed;
    }
}
