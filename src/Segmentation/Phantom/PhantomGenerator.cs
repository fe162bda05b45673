using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Segmentation.Phantom;

/// <summary>
/// Synthesises a contrast-enhanced (portal venous phase) abdominal CT with its label map. Anatomy is drawn from the
/// seed: body habitus and position, field of view, slice spacing and count, liver shape and enhancement, a portal and a
/// hepatic venous tree of branching tubes, hypodense tumours, spleen, kidneys, stomach with an air-fluid level, spine,
/// ribs, aorta, vena cava, muscles and fat; then the scanner: blur (point spread) and noise.
/// HU values follow published portal-venous ranges (liver 95-135, vessels +50-90 above liver, tumours 35-70 below).
/// Patient coordinates are DICOM LPS; slices are axial, feet to head.
/// </summary>
public static partial class PhantomGenerator
{
    public static Phantom Generate(PhantomOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var rng = new Random(options.Seed);
        var a = Anatomy.Draw(rng, options);
        var canvas = new PhantomCanvas(a.Geometry, options.Seed);

        PaintBody(canvas, a);
        PaintSpineAndRibs(canvas, a, rng);
        PaintLiver(canvas, a);
        int vesselSegments = PaintVessels(canvas, a, rng);
        PaintOrgans(canvas, a);
        int tumours = PaintTumours(canvas, a, rng);
        double noise = options.NoiseHu ?? Uniform(rng, 6, 18);
        double blurXy = Uniform(rng, 0.5, 0.9) * 0.7 / a.PixelSpacing, blurZ = 0.35;
        Scanner.BlurAndNoise(canvas, blurXy, blurZ, noise);

        var ids = Enumerable.Range(0, a.Geometry.Size.Z).Select(k => $"phantom-{options.Seed}-slice-{k + 1}").ToArray();
        var description = new PhantomDescription(options.Seed, a.PixelSpacing, a.SliceSpacing, a.Geometry.Size.Z, tumours, vesselSegments, noise, a.LiverHu);
        return new Phantom(new Volume(a.Geometry, canvas.Hu, ids), new LabelMap(a.Geometry, canvas.Labels), description);
    }

    internal static double Uniform(Random rng, double lo, double hi) => lo + (rng.NextDouble() * (hi - lo));

    private static bool InEllipse(double x, double y, double ax, double by) => ((x * x) / (ax * ax)) + ((y * y) / (by * by)) <= 1;

    private static void PaintBody(PhantomCanvas c, Anatomy a)
    {
        var g = c.Geometry;
        var size = g.Size;
        var noise = c.Noise;
        Parallel.For(0, size.Z, k =>
        {
            for (int j = 0; j < size.Y; j++)
            {
                for (int i = 0; i < size.X; i++)
                {
                    var p = g.IndexToPatient(i, j, k);
                    double x = p.X - a.Centre.X, y = p.Y - a.Centre.Y;
                    int v = size.Index(i, j, k);
                    float hu;
                    byte label = PhantomLabels.Background;
                    // Skin contour wobbles a little along the body.
                    double wobble = 1 + (0.03 * noise.At(p, 60, 1));
                    if (!InEllipse(x, y, a.BodyA * wobble, a.BodyB * wobble))
                    {
                        // The table: a curved slab below (posterior to) the patient.
                        double tableTop = a.Centre.Y + a.BodyB + 12 + (0.0009 * x * x);
                        hu = p.Y > tableTop && p.Y < tableTop + 6 && Math.Abs(x) < 190 ? 120f : -1000f;
                    }
                    else if (!InEllipse(x, y, a.BodyA - a.FatThickness, a.BodyB - a.FatThickness * 0.8))
                    {
                        hu = (float)(a.FatHu + (6 * noise.At(p, 4)));
                        label = PhantomLabels.SubcutaneousFat;
                    }
                    else if (!InEllipse(x, y, a.BodyA - a.FatThickness - a.MuscleThickness, a.BodyB - (a.FatThickness * 0.8) - a.MuscleThickness))
                    {
                        hu = (float)(a.MuscleHu + (5 * noise.At(p, 3)));
                        label = PhantomLabels.Muscle;
                    }
                    else
                    {
                        // Visceral fat with bowel-like soft tissue blobs.
                        double blob = noise.At(p, 18, 2);
                        hu = blob > 0.35 ? (float)(35 + (15 * noise.At(p, 5, 3))) : (float)(a.FatHu + 10 + (8 * noise.At(p, 4)));
                    }

                    c.Hu[v] = hu;
                    c.Labels[v] = label;
                }
            }
        });

        // Paraspinal muscles and psoas.
        float Muscle(Vec3 p) => (float)(a.MuscleHu + (5 * c.Noise.At(p, 3)));
        var lo = new Vec3(a.Centre.X - 80, a.Centre.Y, a.ZMin);
        var hi = new Vec3(a.Centre.X + 80, a.Centre.Y + a.BodyB, a.ZMax);
        foreach (int side in new[] { -1, 1 })
        {
            double cx = a.Centre.X + (side * 32), cy = a.Centre.Y + a.SpineY + 40;
            c.Paint(lo, hi, p => InEllipse(p.X - cx, p.Y - cy, 26, 20), Muscle, PhantomLabels.Muscle);
            double px = a.Centre.X + (side * 38), py = a.Centre.Y + a.SpineY - 5;
            c.Paint(lo, hi, p =>
            {
                double grow = Math.Clamp((a.KidneyZ + 30 - p.Z) / 120, 0, 1);
                return grow > 0 && InEllipse(p.X - px, p.Y - py, 8 + (16 * grow), 7 + (12 * grow));
            }, Muscle, PhantomLabels.Muscle);
        }
    }

    private static void PaintSpineAndRibs(PhantomCanvas c, Anatomy a, Random rng)
    {
        double sx = a.Centre.X, sy = a.Centre.Y + a.SpineY, r = a.VertebraRadius;
        double discPhase = Uniform(rng, 0, 32);
        bool IsDisc(double z) => ((z + discPhase) % 32 + 32) % 32 < 5;
        float Bone(Vec3 p)
        {
            double dx = p.X - sx, dy = p.Y - sy;
            double rho = Math.Sqrt((dx * dx) + (dy * dy * 1.2));
            if (IsDisc(p.Z))
            {
                return (float)(85 + (8 * c.Noise.At(p, 3)));
            }

            return rho > r - 2.2 ? (float)(a.CorticalHu + (60 * c.Noise.At(p, 2))) : (float)(a.CancellousHu + (40 * c.Noise.At(p, 2.5)));
        }

        var lo = new Vec3(sx - 45, sy - r - 2, a.ZMin);
        var hi = new Vec3(sx + 45, sy + r + 60, a.ZMax);
        c.Paint(lo, hi, p => InEllipse(p.X - sx, p.Y - sy, r, r / 1.1), Bone, PhantomLabels.Bone);
        // Posterior arch and spinous process, with the spinal canal between.
        c.Paint(lo, hi, p =>
        {
            if (IsDisc(p.Z))
            {
                return false;
            }

            double dx = p.X - sx, dy = p.Y - (sy + r + 14);
            bool arch = InEllipse(dx, dy, 17, 11) && !InEllipse(dx, dy, 10, 7);
            bool spinous = Math.Abs(dx) < 4 && dy > 8 && dy < 38;
            return arch || spinous;
        }, p => (float)(a.CorticalHu - 150 + (50 * c.Noise.At(p, 2))), PhantomLabels.Bone);
        c.Paint(lo, hi, p => InEllipse(p.X - sx, p.Y - (sy + r + 14), 10, 7), p => (float)(25 + (5 * c.Noise.At(p, 3))), PhantomLabels.Background);

        // Ribs: tubes following the inner body wall, sloping down from back to front, above the lower liver.
        float Rib(Vec3 p) => (float)(a.CorticalHu - 250 + (60 * c.Noise.At(p, 2)));
        double ra = a.BodyA - a.FatThickness - (a.MuscleThickness * 0.5), rb = a.BodyB - (a.FatThickness * 0.8) - (a.MuscleThickness * 0.5);
        for (double zr = a.LiverTop + 25; zr > a.LiverTop - (a.LiverHeight * 0.75); zr -= Uniform(rng, 22, 28))
        {
            foreach (int side in new[] { -1, 1 })
            {
                Vec3? previous = null;
                for (double t = 0.12; t <= 0.85; t += 0.03)
                {
                    double theta = Math.PI * t;
                    // Posterior end at theta = 0.12*pi (near the spine), anterior end towards the front.
                    var q = new Vec3(a.Centre.X + (side * ra * Math.Sin(theta)), a.Centre.Y + (rb * Math.Cos(theta)), zr - (100 * t));
                    if (previous is { } prev)
                    {
                        c.Capsule(prev, q, 4.5, 4.5, Rib, PhantomLabels.Bone);
                    }

                    previous = q;
                }
            }
        }
    }

    private static void PaintLiver(PhantomCanvas c, Anatomy a)
    {
        float Liver(Vec3 p) => (float)(a.LiverHu + (7 * c.Noise.At(p, 5, 4)) + (3 * c.Noise.At(p, 1.5, 5)));
        c.Paint(a.LiverMin, a.LiverMax, a.InsideLiver, Liver, PhantomLabels.LiverParenchyma,
            l => l != PhantomLabels.Bone && l != PhantomLabels.SubcutaneousFat);
    }

    private static void PaintOrgans(PhantomCanvas c, Anatomy a)
    {
        var n = c.Noise;
        bool Soft(byte l) => l is PhantomLabels.Background or PhantomLabels.Muscle;

        // Spleen: left posterior, upper abdomen.
        var sc = new Vec3(a.Centre.X + (a.BodyA * 0.55), a.Centre.Y + (a.BodyB * 0.3), a.LiverTop - 55);
        var sr = new Vec3(30, 50, 50) * a.OrganScale;
        c.Paint(sc - sr, sc + sr, p => Ellipsoid(p, sc, sr) + (0.15 * n.At(p, 25, 6)) < 1,
            p => (float)(a.SpleenHu + (6 * n.At(p, 4))), PhantomLabels.Spleen, Soft);

        // Stomach: left anterior, wall, fluid and an air cap on the anterior (non-dependent) side.
        var gc = new Vec3(a.Centre.X + (a.BodyA * 0.28), a.Centre.Y - (a.BodyB * 0.25), a.LiverTop - 55);
        var gr = new Vec3(48, 38, 55) * a.OrganScale;
        double airLevel = gc.Y - (gr.Y * a.StomachAir);
        c.Paint(gc - gr, gc + gr, p => Ellipsoid(p, gc, gr) < 1, p =>
        {
            double e = Ellipsoid(p, gc, gr);
            if (e > 0.8)
            {
                return (float)(70 + (6 * n.At(p, 3)));
            }

            return p.Y < airLevel ? -990f : (float)(15 + (5 * n.At(p, 6)));
        }, PhantomLabels.Stomach, l => Soft(l) || l == PhantomLabels.Spleen);

        // Kidneys: cortex, medulla, sinus fat.
        foreach (int side in new[] { -1, 1 })
        {
            var kc = new Vec3(a.Centre.X + (side * 68), a.Centre.Y + a.SpineY + 5, a.KidneyZ + (side > 0 ? 15 : 0));
            var kr = new Vec3(26, 22, 50) * a.OrganScale;
            byte label = side < 0 ? PhantomLabels.RightKidney : PhantomLabels.LeftKidney;
            c.Paint(kc - kr, kc + kr, p => Ellipsoid(p, kc, kr) < 1, p =>
            {
                double e = Ellipsoid(p, kc, kr);
                double sinus = Ellipsoid(p, kc + new Vec3(-side * 10, -4, 0), kr * 0.45);
                if (sinus < 1)
                {
                    return (float)(-60 + (10 * n.At(p, 3)));
                }

                return e > 0.55 ? (float)(a.KidneyHu + (8 * n.At(p, 3))) : (float)(a.KidneyHu - 45 + (8 * n.At(p, 3)));
            }, label, Soft);
        }

        // Aorta (left of the spine, anterior) and inferior vena cava (right, through the back of the liver).
        var ac = new Vec3(a.Centre.X + 18, a.Centre.Y + a.SpineY - a.VertebraRadius - 14, 0);
        c.Paint(new Vec3(ac.X - 20, ac.Y - 20, a.ZMin), new Vec3(ac.X + 20, ac.Y + 20, a.ZMax),
            p => InEllipse(p.X - ac.X, p.Y - ac.Y, 12, 12), p => (float)(a.AortaHu + (4 * n.At(p, 3))), PhantomLabels.Aorta, l => l != PhantomLabels.Bone);
        c.Paint(new Vec3(a.Ivc.X - 20, a.Ivc.Y - 20, a.ZMin), new Vec3(a.Ivc.X + 20, a.Ivc.Y + 20, a.LiverTop + 10),
            p => InEllipse(p.X - a.Ivc.X, p.Y - a.Ivc.Y, 13, 10), p => (float)(a.IvcHu + (4 * n.At(p, 3))), PhantomLabels.InferiorVenaCava,
            l => l != PhantomLabels.Bone);
    }

    internal static double Ellipsoid(Vec3 p, Vec3 centre, Vec3 radii)
    {
        var d = p - centre;
        return ((d.X * d.X) / (radii.X * radii.X)) + ((d.Y * d.Y) / (radii.Y * radii.Y)) + ((d.Z * d.Z) / (radii.Z * radii.Z));
    }
}
