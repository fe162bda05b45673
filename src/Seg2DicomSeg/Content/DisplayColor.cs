namespace DicomSegNode.Seg2DicomSeg.Content;

/// <summary>
/// A recommended display colour in sRGB, written as Recommended Display CIELab Value (0062,000D): CIELab under
/// a D65 white point, scaled to 0..65535 (L* over 0..100, a* and b* over -128..127), PS3.3 C.10.7.1.1.
/// </summary>
public readonly record struct DisplayColor(byte R, byte G, byte B)
{
    // sRGB (IEC 61966-2-1) to XYZ, and the D65 reference white.
    private const double Xn = 0.95047, Yn = 1.0, Zn = 1.08883;
    private const double Epsilon = 216.0 / 24389.0, Kappa = 24389.0 / 27.0;

    /// <summary>The DICOM-scaled CIELab triplet (L, a, b) for this colour.</summary>
    public ushort[] ToDicomCieLab()
    {
        double r = Linear(R), g = Linear(G), b = Linear(B);
        double x = (0.4124564 * r) + (0.3575761 * g) + (0.1804375 * b);
        double y = (0.2126729 * r) + (0.7151522 * g) + (0.0721750 * b);
        double z = (0.0193339 * r) + (0.1191920 * g) + (0.9503041 * b);
        double fx = F(x / Xn), fy = F(y / Yn), fz = F(z / Zn);
        double l = (116 * fy) - 16, a = 500 * (fx - fy), bb = 200 * (fy - fz);
        return [Scale(l / 100.0), Scale((a + 128) / 255.0), Scale((bb + 128) / 255.0)];
    }

    /// <summary>The sRGB colour nearest to a DICOM-scaled CIELab triplet (for the reader and for dump).</summary>
    public static DisplayColor FromDicomCieLab(ReadOnlySpan<ushort> lab)
    {
        if (lab.Length != 3)
        {
            throw new ArgumentException($"A CIELab value has 3 components, not {lab.Length}.", nameof(lab));
        }

        double l = lab[0] * 100.0 / 65535.0, a = (lab[1] * 255.0 / 65535.0) - 128, b = (lab[2] * 255.0 / 65535.0) - 128;
        double fy = (l + 16) / 116, fx = fy + (a / 500), fz = fy - (b / 200);
        double x = Xn * FInverse(fx), y = Yn * FInverse(fy), z = Zn * FInverse(fz);
        double rl = (3.2404542 * x) - (1.5371385 * y) - (0.4985314 * z);
        double gl = (-0.9692660 * x) + (1.8760108 * y) + (0.0415560 * z);
        double bl = (0.0556434 * x) - (0.2040259 * y) + (1.0572252 * z);
        return new DisplayColor(Gamma(rl), Gamma(gl), Gamma(bl));
    }

    private static double Linear(byte c)
    {
        double v = c / 255.0;
        return v > 0.04045 ? Math.Pow((v + 0.055) / 1.055, 2.4) : v / 12.92;
    }

    private static byte Gamma(double linear)
    {
        double v = linear > 0.0031308 ? (1.055 * Math.Pow(linear, 1 / 2.4)) - 0.055 : 12.92 * linear;
        return (byte)Math.Clamp(Math.Round(v * 255), 0, 255);
    }

    private static double F(double t) => t > Epsilon ? Math.Cbrt(t) : ((Kappa * t) + 16) / 116;

    private static double FInverse(double f) => f * f * f > Epsilon ? f * f * f : ((116 * f) - 16) / Kappa;

    private static ushort Scale(double unit) => (ushort)Math.Clamp(Math.Round(unit * 65535), 0, 65535);
}
