using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using DicomSegNode.Dicom.Data;

namespace DicomSegNode.Dicom.Tests.Interop;

/// <summary>
/// What pydicom (Debian python3-pydicom, the real library) reads from each test file, obtained once per test run by
/// Tools/pydicom_canonical.py, and the element-by-element comparison with what our reader reads.
/// </summary>
internal static class PydicomCanonical
{
    private static readonly Lazy<IReadOnlyDictionary<string, JsonElement>> s_results = new(Load);
    private static readonly ConcurrentDictionary<string, JsonElement> s_extra = new(StringComparer.Ordinal);

    public static JsonElement For(string relativePath) => s_results.Value[relativePath];

    /// <summary>Runs pydicom on one file outside the committed test data (e.g. a file we wrote).</summary>
    public static JsonElement ForFile(string absolutePath, bool pixels = false)
        => s_extra.GetOrAdd(absolutePath + pixels, _ =>
        {
            var args = new List<string> { Path.Combine(TestFiles.Tools, "pydicom_canonical.py") };
            if (pixels)
            {
                args.Add("--pixels");
            }

            args.Add(absolutePath);
            var line = TestFiles.Run("/usr/bin/python3", args).Trim();
            return JsonDocument.Parse(line).RootElement.Clone();
        });

    /// <summary>Runs pydicom once on many files (absolute paths); keyed by path.</summary>
    public static Dictionary<string, JsonElement> ForFiles(IEnumerable<string> absolutePaths)
    {
        var args = new List<string> { Path.Combine(TestFiles.Tools, "pydicom_canonical.py") };
        args.AddRange(absolutePaths);
        return Parse(TestFiles.Run("/usr/bin/python3", args));
    }

    private static Dictionary<string, JsonElement> Load()
    {
        var args = new List<string> { Path.Combine(TestFiles.Tools, "pydicom_canonical.py"), "--pixels" };
        args.AddRange(TestFiles.AllDicom);
        return Parse(TestFiles.Run("/usr/bin/python3", args));
    }

    private static Dictionary<string, JsonElement> Parse(string output)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var root = JsonDocument.Parse(line).RootElement.Clone();
            result[root.GetProperty("file").GetString()!] = root;
        }

        return result;
    }

    /// <summary>Compares a data set with pydicom's canonical elements; returns the differences (empty when equal).</summary>
    public static List<string> Compare(DicomDataset ours, JsonElement theirs, string path = "")
    {
        var diffs = new List<string>();
        var seen = new HashSet<uint>();
        foreach (var e in theirs.EnumerateArray())
        {
            var tag = new DicomTag(uint.Parse(e[0].GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            seen.Add(tag.Value);
            var where = path + tag;
            if (!ours.TryGetElement(tag, out var el))
            {
                diffs.Add($"{where}: missing in ours (pydicom {e[1].GetString()})");
                continue;
            }

            CompareElement(ours, el, e, where, diffs);
        }

        foreach (var el in ours)
        {
            if (!seen.Contains(el.Tag.Value))
            {
                diffs.Add($"{path}{el.Tag}: extra in ours ({el.VR})");
            }
        }

        return diffs;
    }

    private static void CompareElement(DicomDataset ds, DicomElement el, JsonElement e, string where, List<string> diffs)
    {
        var vr = e[1].GetString()!;
        var value = e[2];
        var raw = e[3].ValueKind == JsonValueKind.String ? e[3].GetString() : null;
        if (vr == "SQ")
        {
            if (el.Sequence is not { } seq)
            {
                // pydicom keeps private sequences it cannot identify in Implicit VR as UN bytes; so do we.
                diffs.Add($"{where}: pydicom SQ, ours {el.VR}");
                return;
            }

            if (seq.Count != value.GetArrayLength())
            {
                diffs.Add($"{where}: {seq.Count} items, pydicom {value.GetArrayLength()}");
                return;
            }

            for (var i = 0; i < seq.Count; i++)
            {
                diffs.AddRange(Compare(seq[i], value[i], $"{where}[{i}]."));
            }

            return;
        }

        if (el.VR.Code != vr)
        {
            // Different VRs: pydicom knows private tags from its private dictionary, or kept "US or SS" unresolved.
            // The stored bytes must then be the same.
            var bytes = el.Fragments is { } frags ? EncodeFragments(frags) : el.Bytes.ToArray();
            if (raw is null && bytes.Length == 0 && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0)
            {
                return; // both empty
            }

            if (raw is null || !string.Equals(raw, Sha(bytes), StringComparison.Ordinal))
            {
                diffs.Add($"{where}: VR {el.VR} vs pydicom {vr}, raw bytes differ");
            }

            return;
        }

        switch (el.VR.Kind)
        {
            case DicomVRKind.String or DicomVRKind.Text:
                {
                    var ourValues = el.VR.Kind == DicomVRKind.Text
                        ? (ds.GetString(el.Tag) is { Length: > 0 } s ? [s] : Array.Empty<string>())
                        : ds.GetStrings(el.Tag);
                    var theirValues = value.EnumerateArray().Select(v => v.GetString()!).ToArray();
                    if (theirValues.Length == 1 && theirValues[0].Trim(' ', '\0').Length == 0 && ourValues.All(v => v.Length == 0))
                    {
                        return;
                    }

                    var a = ourValues.Select(Norm).ToArray();
                    var b = theirValues.Select(Norm).ToArray();
                    if (!a.SequenceEqual(b))
                    {
                        diffs.Add($"{where} {vr}: ours [{string.Join("|", a)}] pydicom [{string.Join("|", b)}]");
                    }

                    return;
                }

            case DicomVRKind.Binary:
                {
                    var theirValues = value.EnumerateArray().Select(v => v.GetDouble()).ToArray();
                    var n = el.Bytes.Length / el.VR.UnitSize;
                    var ourValues = new double[n];
                    for (var i = 0; i < n; i++)
                    {
                        ourValues[i] = el.VR == DicomVR.AT ? ds.GetAttributeTag(el.Tag, i).Value : ds.GetDouble(el.Tag, i);
                    }

                    if (!ourValues.SequenceEqual(theirValues))
                    {
                        diffs.Add($"{where} {vr}: ours [{string.Join(",", ourValues)}] pydicom [{string.Join(",", theirValues)}]");
                    }

                    return;
                }

            default:
                {
                    if (value.ValueKind == JsonValueKind.Array)
                    {
                        if (value.GetArrayLength() != 0 || !el.Bytes.IsEmpty)
                        {
                            diffs.Add($"{where} {vr}: pydicom has no value, ours {el.Bytes.Length} bytes");
                        }

                        return;
                    }

                    var ourBytes = el.Fragments is { } f ? EncodeFragments(f) : el.Bytes.ToArray();
                    var theirSha = value.GetProperty("sha256").GetString();
                    if (!string.Equals(Sha(ourBytes), theirSha, StringComparison.Ordinal))
                    {
                        diffs.Add($"{where} {vr}: bytes differ (ours {ourBytes.Length} bytes, pydicom {value.GetProperty("length").GetInt32()})");
                    }

                    return;
                }
        }
    }

    // pydicom drops empty trailing PN component groups ("A^B=" reads as "A^B"); both spell the same name (PS3.5 6.2.1).
    private static string Norm(string s) => s.Trim(' ', '\0').TrimEnd('=');

    /// <summary>The encapsulated items as they follow the element header (what pydicom keeps as the value).</summary>
    private static byte[] EncodeFragments(DicomFragments f)
    {
        using var ms = new MemoryStream();
        void Item(ReadOnlySpan<byte> v)
        {
            Span<byte> h = stackalloc byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(h, 0xE000FFFE);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(h[4..], (uint)v.Length);
            ms.Write(h);
            ms.Write(v);
        }

        Item(f.BasicOffsetTable.Span);
        foreach (var frag in f.Fragments)
        {
            Item(frag.Span);
        }

        return ms.ToArray();
    }

    public static string Sha(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
