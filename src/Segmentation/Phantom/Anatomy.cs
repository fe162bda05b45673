using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Segmentation.Phantom;

/// <summary>The random draw behind one phantom: grid, habitus, organ placement and enhancement (mm, HU, LPS).</summary>
internal sealed class Anatomy
{
    private static readonly double[] s_sliceSpacings = [1, 1.25, 1.5, 2, 2.5, 3, 5];

    public required VolumeGeometry Geometry { get; init; }

    public required double PixelSpacing { get; init; }

    public required double SliceSpacing { get; init; }

    public required Vec3 Centre { get; init; }

    public required double BodyA { get; init; }

    public required double BodyB { get; init; }

    public required double FatThickness { get; init; }

    public required double MuscleThickness { get; init; }

    public required double SpineY { get; init; }

    public required double VertebraRadius { get; init; }

    public required double LiverTop { get; init; }

    public required double LiverHeight { get; init; }

    public required Vec3 RightLobeCentre { get; init; }

    public required Vec3 RightLobeRadii { get; init; }

    public required Vec3 LeftLobeCentre { get; init; }

    public required Vec3 LeftLobeRadii { get; init; }

    public required double KidneyZ { get; init; }

    public required double OrganScale { get; init; }

    public required double StomachAir { get; init; }

    public required Vec3 Ivc { get; init; }

    public required double FatHu { get; init; }

    public required double MuscleHu { get; init; }

    public required double LiverHu { get; init; }

    public required double VesselHu { get; init; }

    public required double SpleenHu { get; init; }

    public required double KidneyHu { get; init; }

    public required double AortaHu { get; init; }

    public required double IvcHu { get; init; }

    public required double CorticalHu { get; init; }

    public required double CancellousHu { get; init; }

    public required int Seed { get; init; }

    public double ZMin => Geometry.Origin.Z - 10;

    public double ZMax => Geometry.IndexToPatient(0, 0, Geometry.Size.Z - 1).Z + 10;

    public Vec3 LiverMin => Vec3Min(RightLobeCentre - (RightLobeRadii * 1.3), LeftLobeCentre - (LeftLobeRadii * 1.3));

    public Vec3 LiverMax => Vec3Max(RightLobeCentre + (RightLobeRadii * 1.3), LeftLobeCentre + (LeftLobeRadii * 1.3));

    /// <summary>The liver envelope: two lobes blended, the outline roughened by smooth noise, kept inside the body wall.</summary>
    public bool InsideLiver(Vec3 p) => LiverField(p) < 1;

    /// <summary>Below 1 inside the liver; smaller is deeper.</summary>
    public double LiverField(Vec3 p)
    {
        double e1 = PhantomGenerator.Ellipsoid(p, RightLobeCentre, RightLobeRadii);
        double e2 = PhantomGenerator.Ellipsoid(p, LeftLobeCentre, LeftLobeRadii);
        // Smooth minimum so the lobes merge without a crease.
        const double K = 0.35;
        double h = Math.Clamp(0.5 + (0.5 * (e2 - e1) / K), 0, 1);
        double blended = (e2 + (h * (e1 - e2))) - (K * h * (1 - h));
        double rough = new SmoothNoise(Seed).At(p, 35, 11) * 0.22;
        double x = p.X - Centre.X, y = p.Y - Centre.Y;
        double wallA = BodyA - FatThickness - MuscleThickness - 2, wallB = BodyB - (FatThickness * 0.8) - MuscleThickness - 2;
        double wall = ((x * x) / (wallA * wallA)) + ((y * y) / (wallB * wallB));
        return wall > 1 ? 2 : blended + rough;
    }

    public static Anatomy Draw(Random rng, PhantomOptions options)
    {
        double U(double lo, double hi) => PhantomGenerator.Uniform(rng, lo, hi);
        double bodyA = U(140, 175), bodyB = U(100, 128);
        double fov = Math.Max((2 * bodyA) + 40, U(340, 460));
        double pixel = fov / options.Matrix;
        double sliceSpacing = options.SliceSpacingMm ?? s_sliceSpacings[rng.Next(s_sliceSpacings.Length)];
        int slices = options.Slices ?? rng.Next(40, 121);

        // Field of view centred on the table centre; the patient lies a little off it.
        var centre = new Vec3(U(-15, 15), U(-10, 20), 0);
        double liverHeight = U(140, 180);
        double liverTop = U(-150, 50);
        double volumeCentreZ = liverTop - (liverHeight / 2) + (U(-0.25, 0.25) * liverHeight);
        double z0 = volumeCentreZ - ((slices - 1) * sliceSpacing / 2);
        var origin = new Vec3(-fov / 2 + (pixel / 2), -fov / 2 + (pixel / 2) + 20, Math.Round(z0, 2));
        var geometry = VolumeGeometry.Axial(new GridSize(options.Matrix, options.Matrix, slices), new Vec3(pixel, pixel, sliceSpacing), origin);

        double scale = U(0.85, 1.15);
        double fat = U(8, 32), muscle = U(8, 14);
        double innerA = bodyA - fat - muscle, innerB = bodyB - (fat * 0.8) - muscle;
        var rightRadii = new Vec3(innerA * U(0.42, 0.5), innerB * U(0.6, 0.72), liverHeight / 2);
        var rightCentre = new Vec3(centre.X - (innerA * 0.5), centre.Y - (innerB * 0.08), liverTop - (liverHeight / 2));
        var leftRadii = new Vec3(innerA * U(0.3, 0.42), innerB * U(0.25, 0.34), liverHeight * U(0.2, 0.3));
        var leftCentre = new Vec3(centre.X + (innerA * U(0.0, 0.12)), centre.Y - (innerB * 0.45), liverTop - (liverHeight * 0.3));
        double spineY = innerB * 0.55;
        double liverHu = U(95, 135);
        return new Anatomy
        {
            Seed = options.Seed,
            Geometry = geometry,
            PixelSpacing = pixel,
            SliceSpacing = sliceSpacing,
            Centre = centre,
            BodyA = bodyA,
            BodyB = bodyB,
            FatThickness = fat,
            MuscleThickness = muscle,
            SpineY = spineY,
            VertebraRadius = U(17, 22),
            LiverTop = liverTop,
            LiverHeight = liverHeight,
            RightLobeCentre = rightCentre,
            RightLobeRadii = rightRadii,
            LeftLobeCentre = leftCentre,
            LeftLobeRadii = leftRadii,
            KidneyZ = liverTop - liverHeight + U(10, 35),
            OrganScale = scale,
            StomachAir = U(0.2, 0.7),
            Ivc = new Vec3(centre.X - 24, centre.Y + spineY - 30, 0),
            FatHu = U(-110, -85),
            MuscleHu = U(45, 65),
            LiverHu = liverHu,
            VesselHu = liverHu + U(50, 90),
            SpleenHu = U(105, 135),
            KidneyHu = U(150, 210),
            AortaHu = U(140, 200),
            IvcHu = U(120, 165),
            CorticalHu = U(650, 1000),
            CancellousHu = U(180, 280),
        };
    }

    private static Vec3 Vec3Min(Vec3 a, Vec3 b) => new(Math.Min(a.X, b.X), Math.Min(a.Y, b.Y), Math.Min(a.Z, b.Z));

    private static Vec3 Vec3Max(Vec3 a, Vec3 b) => new(Math.Max(a.X, b.X), Math.Max(a.Y, b.Y), Math.Max(a.Z, b.Z));
}
