using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;

namespace DicomSegNode.Seg2DicomSeg.Sop;

/// <summary>
/// The source series as the SEG needs it: one grid (rows, columns, pixel spacing, orientation, frame of
/// reference) and per instance its SOP UIDs and plane position, ordered along the slice normal
/// (row direction x column direction, PS3.3 C.7.6.2.1.1).
/// </summary>
internal sealed class SourceSeries
{
    // Orientation cosines from different slices of one series agree to far better than this; a larger
    // difference means a second stack (or a gantry-tilt mix) that one SEG grid cannot describe.
    private const double OrientationTolerance = 1e-4;

    private SourceSeries(IReadOnlyList<DicomDataset> instances)
    {
        Instances = instances;
    }

    public IReadOnlyList<DicomDataset> Instances { get; }

    public DicomDataset First => Instances[0];

    public int Rows { get; private set; }

    public int Columns { get; private set; }

    public string StudyInstanceUid { get; private set; } = "";

    public string SeriesInstanceUid { get; private set; } = "";

    public string? FrameOfReferenceUid { get; private set; }

    public string[] ImageOrientation { get; private set; } = [];

    public string[] PixelSpacing { get; private set; } = [];

    public string[] SopClassUids { get; private set; } = [];

    public string[] SopInstanceUids { get; private set; } = [];

    /// <summary>Image Position (Patient) of each instance as the source wrote it (kept verbatim so positions match exactly).</summary>
    public string[][] Positions { get; private set; } = [];

    /// <summary>Instance indices sorted by their position along the slice normal, ascending.</summary>
    public int[] OrderAlongNormal { get; private set; } = [];

    /// <summary>Distance between neighbouring planes when uniform (within 1 %), else null.</summary>
    public double? UniformSpacing { get; private set; }

    public double[] Normal { get; private set; } = [];

    public static SourceSeries From(IReadOnlyList<DicomDataset> instances)
    {
        if (instances is null || instances.Count == 0)
        {
            throw new SegmentationInputException("No source instances: a SEG is derived from at least one image.");
        }

        var s = new SourceSeries(instances);
        var first = instances[0];
        s.Rows = Required(first, DicomTags.Rows, 0, x => x.GetUInt16(DicomTags.Rows));
        s.Columns = Required(first, DicomTags.Columns, 0, x => x.GetUInt16(DicomTags.Columns));
        s.StudyInstanceUid = RequiredString(first, DicomTags.StudyInstanceUID, 0);
        s.SeriesInstanceUid = RequiredString(first, DicomTags.SeriesInstanceUID, 0);
        s.FrameOfReferenceUid = first.GetString(DicomTags.FrameOfReferenceUID);
        s.ImageOrientation = RequiredStrings(first, DicomTags.ImageOrientationPatient, 0, 6);
        s.PixelSpacing = RequiredStrings(first, DicomTags.PixelSpacing, 0, 2);
        double[] iop = Numbers(s.ImageOrientation, DicomTags.ImageOrientationPatient, 0);
        double[] row = iop[..3], col = iop[3..];
        double[] normal = [(row[1] * col[2]) - (row[2] * col[1]), (row[2] * col[0]) - (row[0] * col[2]), (row[0] * col[1]) - (row[1] * col[0])];
        double norm = Math.Sqrt((normal[0] * normal[0]) + (normal[1] * normal[1]) + (normal[2] * normal[2]));
        if (norm < 0.5)
        {
            throw new SegmentationInputException($"Instance 0: Image Orientation (Patient) {string.Join('\\', s.ImageOrientation)} does not give two orthogonal unit vectors.");
        }

        s.Normal = [normal[0] / norm, normal[1] / norm, normal[2] / norm];

        int n = instances.Count;
        s.SopClassUids = new string[n];
        s.SopInstanceUids = new string[n];
        s.Positions = new string[n][];
        var distance = new double[n];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int k = 0; k < n; k++)
        {
            var ds = instances[k] ?? throw new SegmentationInputException($"Instance {k} is null.");
            s.SopClassUids[k] = RequiredString(ds, DicomTags.SOPClassUID, k);
            s.SopInstanceUids[k] = RequiredString(ds, DicomTags.SOPInstanceUID, k);
            if (!seen.Add(s.SopInstanceUids[k]))
            {
                throw new SegmentationInputException($"Instance {k}: SOP Instance UID {s.SopInstanceUids[k]} is given twice.");
            }

            Same(k, DicomTags.Rows, s.Rows, ds.GetUInt16(DicomTags.Rows));
            Same(k, DicomTags.Columns, s.Columns, ds.GetUInt16(DicomTags.Columns));
            SameText(k, DicomTags.StudyInstanceUID, s.StudyInstanceUid, ds.GetString(DicomTags.StudyInstanceUID));
            SameText(k, DicomTags.SeriesInstanceUID, s.SeriesInstanceUid, ds.GetString(DicomTags.SeriesInstanceUID));
            SameText(k, DicomTags.FrameOfReferenceUID, s.FrameOfReferenceUid, ds.GetString(DicomTags.FrameOfReferenceUID));
            double[] o = Numbers(RequiredStrings(ds, DicomTags.ImageOrientationPatient, k, 6), DicomTags.ImageOrientationPatient, k);
            double[] ps = Numbers(RequiredStrings(ds, DicomTags.PixelSpacing, k, 2), DicomTags.PixelSpacing, k);
            double[] ps0 = Numbers(s.PixelSpacing, DicomTags.PixelSpacing, 0);
            for (int i = 0; i < 6; i++)
            {
                if (Math.Abs(o[i] - iop[i]) > OrientationTolerance)
                {
                    throw new SegmentationInputException($"Instance {k}: orientation {string.Join('\\', o)} differs from instance 0's {string.Join('\\', iop)}; one SEG describes one stack.");
                }
            }

            if (Math.Abs(ps[0] - ps0[0]) > 1e-4 * ps0[0] || Math.Abs(ps[1] - ps0[1]) > 1e-4 * ps0[1])
            {
                throw new SegmentationInputException($"Instance {k}: Pixel Spacing {ps[0]}\\{ps[1]} differs from instance 0's {ps0[0]}\\{ps0[1]}.");
            }

            s.Positions[k] = RequiredStrings(ds, DicomTags.ImagePositionPatient, k, 3);
            double[] p = Numbers(s.Positions[k], DicomTags.ImagePositionPatient, k);
            distance[k] = (p[0] * s.Normal[0]) + (p[1] * s.Normal[1]) + (p[2] * s.Normal[2]);
        }

        s.OrderAlongNormal = [.. Enumerable.Range(0, n).OrderBy(k => distance[k])];
        for (int i = 1; i < n; i++)
        {
            double gap = distance[s.OrderAlongNormal[i]] - distance[s.OrderAlongNormal[i - 1]];
            if (gap < 1e-3)
            {
                throw new SegmentationInputException($"Instances {s.OrderAlongNormal[i - 1]} and {s.OrderAlongNormal[i]} lie on the same plane; a stack has one image per position.");
            }
        }

        if (n > 1)
        {
            double total = distance[s.OrderAlongNormal[^1]] - distance[s.OrderAlongNormal[0]];
            double mean = total / (n - 1);
            bool uniform = true;
            for (int i = 1; i < n; i++)
            {
                double gap = distance[s.OrderAlongNormal[i]] - distance[s.OrderAlongNormal[i - 1]];
                uniform &= Math.Abs(gap - mean) <= 0.01 * mean;
            }

            s.UniformSpacing = uniform ? mean : null;
        }

        return s;
    }

    private static T Required<T>(DicomDataset ds, DicomTag tag, int index, Func<DicomDataset, T> get)
    {
        if (!ds.Contains(tag) || ds.GetValueCount(tag) == 0)
        {
            throw new SegmentationInputException($"Instance {index}: {DicomDictionary.GetKeyword(tag) ?? tag.ToString()} {tag} is missing or empty.");
        }

        try
        {
            return get(ds);
        }
        catch (DicomException e)
        {
            throw new SegmentationInputException($"Instance {index}: {DicomDictionary.GetKeyword(tag) ?? tag.ToString()} {tag} cannot be read: {e.Message}", e);
        }
    }

    private static string RequiredString(DicomDataset ds, DicomTag tag, int index)
    {
        string? value = Required(ds, tag, index, x => x.GetString(tag));
        return string.IsNullOrWhiteSpace(value)
            ? throw new SegmentationInputException($"Instance {index}: {DicomDictionary.GetKeyword(tag)} {tag} is empty.")
            : value;
    }

    private static string[] RequiredStrings(DicomDataset ds, DicomTag tag, int index, int count)
    {
        string[] values = Required(ds, tag, index, x => x.GetStrings(tag));
        return values.Length != count
            ? throw new SegmentationInputException($"Instance {index}: {DicomDictionary.GetKeyword(tag)} {tag} has {values.Length} values, {count} expected.")
            : [.. values.Select(v => v.Trim())];
    }

    private static double[] Numbers(string[] values, DicomTag tag, int index)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.TryParse(values[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out result[i]) || !double.IsFinite(result[i]))
            {
                throw new SegmentationInputException($"Instance {index}: {DicomDictionary.GetKeyword(tag)} {tag} value {i + 1} \"{values[i]}\" is not a number.");
            }
        }

        return result;
    }

    private static void Same(int index, DicomTag tag, int expected, int actual)
    {
        if (expected != actual)
        {
            throw new SegmentationInputException($"Instance {index}: {DicomDictionary.GetKeyword(tag)} is {actual}, instance 0 has {expected}; one SEG describes one grid.");
        }
    }

    private static void SameText(int index, DicomTag tag, string? expected, string? actual)
    {
        if (!string.Equals(expected?.Trim(), actual?.Trim(), StringComparison.Ordinal))
        {
            throw new SegmentationInputException($"Instance {index}: {DicomDictionary.GetKeyword(tag)} is \"{actual}\", instance 0 has \"{expected}\"; the SEG references one series.");
        }
    }
}
