using System.Globalization;
using System.Security.Cryptography;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;

namespace DicomSegNode.Seg2DicomSeg.Tests.Fixtures;

/// <summary>Flattens a data set to "Path.To[0].Keyword" -> comparable value text, for attribute-by-attribute
/// comparison between two writers (numbers compared as numbers, big binary values by hash).</summary>
internal static class DatasetFlattener
{
    public static Dictionary<string, string> Flatten(DicomDataset ds)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        Walk(ds, "", result);
        return result;
    }

    /// <summary>The path without item indices: what kind of attribute differs, not where.</summary>
    public static string Kind(string path) => System.Text.RegularExpressions.Regex.Replace(path, @"\[\d+\]", "");

    private static void Walk(DicomDataset ds, string prefix, Dictionary<string, string> result)
    {
        foreach (var element in ds)
        {
            string name = prefix + (element.Keyword ?? element.Tag.ToString());
            if (element.Sequence is { } sequence)
            {
                result[name] = "items=" + sequence.Count.ToString(CultureInfo.InvariantCulture);
                for (int i = 0; i < sequence.Count; i++)
                {
                    Walk(sequence[i], $"{name}[{i}].", result);
                }

                continue;
            }

            result[name] = Value(ds, element);
        }
    }

    private static string Value(DicomDataset ds, DicomElement element)
    {
        var vr = element.VR;
        if (vr == DicomVR.DS || vr == DicomVR.IS)
        {
            // Same number, other spelling (1.000000e+00 vs 1): equal. Six significant digits is DS's usual precision.
            return string.Join('\\', ds.GetDoubleArray(element.Tag).Select(v => v.ToString("G6", CultureInfo.InvariantCulture)));
        }

        if (vr.IsString)
        {
            return ds.GetString(element.Tag) ?? "";
        }

        if (element.Bytes.Length > 64)
        {
            return "sha256:" + Convert.ToHexString(SHA256.HashData(element.Bytes.Span));
        }

        return Convert.ToHexString(element.Bytes.Span);
    }
}
