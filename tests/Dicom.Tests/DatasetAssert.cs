using DicomSegNode.Dicom.Data;

namespace DicomSegNode.Dicom.Tests;

/// <summary>Compares two data sets element by element, sequences included.</summary>
internal static class DatasetAssert
{
    /// <summary>
    /// Differences between <paramref name="expected"/> and <paramref name="actual"/>. Values compare as bytes up to the
    /// one padding byte a writer adds to an odd length (PS3.5 7.1.1). With <paramref name="compareVR"/> false (after
    /// Implicit VR, which does not carry VRs) only the bytes are compared.
    /// </summary>
    public static List<string> Differences(DicomDataset expected, DicomDataset actual, bool compareVR, string path = "")
    {
        var diffs = new List<string>();
        foreach (var e in expected)
        {
            if (e.Tag.IsGroupLength && e.Tag.Group != 0x0002)
            {
                continue; // group lengths are recomputed on write
            }

            if (!actual.TryGetElement(e.Tag, out var a))
            {
                diffs.Add($"{path}{e.Tag}: missing");
                continue;
            }

            if (e.Sequence is { } es)
            {
                if (a.Sequence is not { } seqA || seqA.Count != es.Count)
                {
                    diffs.Add($"{path}{e.Tag}: sequence of {es.Count} items became {a.Sequence?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? a.VR.Code}");
                    continue;
                }

                for (var i = 0; i < es.Count; i++)
                {
                    diffs.AddRange(Differences(es[i], seqA[i], compareVR, $"{path}{e.Tag}[{i}]."));
                }

                continue;
            }

            if (compareVR && e.VR != a.VR)
            {
                diffs.Add($"{path}{e.Tag}: VR {e.VR} became {a.VR}");
            }

            if (e.Fragments is { } ef)
            {
                var af = a.Fragments;
                if (af is null || af.Fragments.Count != ef.Fragments.Count || !SamePadded(ef.BasicOffsetTable.Span, af.BasicOffsetTable.Span)
                    || ef.Fragments.Where((f, i) => !SamePadded(f.Span, af.Fragments[i].Span)).Any())
                {
                    diffs.Add($"{path}{e.Tag}: fragments differ");
                }

                continue;
            }

            if (!SamePadded(e.Bytes.Span, a.Bytes.Span))
            {
                diffs.Add($"{path}{e.Tag} {e.VR}: {e.Bytes.Length} bytes became {a.Bytes.Length} different bytes");
            }
        }

        foreach (var a in actual)
        {
            if (!expected.Contains(a.Tag) && !(a.Tag.IsGroupLength && a.Tag.Group != 0x0002))
            {
                diffs.Add($"{path}{a.Tag}: extra");
            }
        }

        return diffs;
    }

    private static bool SamePadded(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        if (actual.Length == expected.Length + 1 && (expected.Length & 1) == 1)
        {
            actual = actual[..^1];
        }

        return expected.SequenceEqual(actual);
    }
}
