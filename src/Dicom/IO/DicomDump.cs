using System.Globalization;
using System.Text;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;

namespace DicomSegNode.Dicom.IO;

/// <summary>
/// Prints a data set the way dcmtk's dcmdump does: one line per element with tag, VR, value, length, multiplicity
/// and keyword; sequences and items indented; long binary values shortened.
/// </summary>
public static class DicomDump
{
    private const int ValueColumn = 56;
    private const int MaxShownBytes = 48;

    /// <summary>Dumps a whole file: meta information header, then the data set.</summary>
    public static void Write(TextWriter output, DicomFile file)
    {
        output.WriteLine();
        output.WriteLine("# Dicom-File-Format");
        output.WriteLine();
        output.WriteLine("# Dicom-Meta-Information-Header");
        output.WriteLine("# Used TransferSyntax: Little Endian Explicit");
        Write(output, file.FileMetaInformation);
        output.WriteLine();
        output.WriteLine("# Dicom-Data-Set");
        output.WriteLine($"# Used TransferSyntax: {file.TransferSyntax.Name}");
        Write(output, file.Dataset);
    }

    /// <summary>Dumps a data set (and its sequences, indented).</summary>
    public static void Write(TextWriter output, DicomDataset dataset, int depth = 0)
    {
        var indent = new string(' ', depth * 2);
        foreach (var e in dataset)
        {
            if (e.Sequence is { } seq)
            {
                Line(output, indent, e.Tag, "SQ", $"(Sequence with undefined length #={seq.Count})", "u/l", 1, Keyword(e.Tag));
                foreach (var item in seq)
                {
                    Line(output, indent + "  ", DicomTag.Item, "na", $"(Item with undefined length #={item.Count})", "u/l", 1, "Item");
                    Write(output, item, depth + 2);
                    Line(output, indent + "  ", DicomTag.ItemDelimitationItem, "na", "(ItemDelimitationItem)", "0", 0, "ItemDelimitationItem");
                }

                Line(output, indent, DicomTag.SequenceDelimitationItem, "na", "(SequenceDelimitationItem)", "0", 0, "SequenceDelimitationItem");
                continue;
            }

            if (e.Fragments is { } frags)
            {
                Line(output, indent, e.Tag, e.VR.Code, $"(PixelSequence #={frags.Fragments.Count + 1})", "u/l", 1, Keyword(e.Tag));
                Line(output, indent + "  ", DicomTag.Item, "pi", Hex(frags.BasicOffsetTable.Span, 4), Len(frags.BasicOffsetTable.Length), 1, "Item");
                foreach (var f in frags.Fragments)
                {
                    Line(output, indent + "  ", DicomTag.Item, "pi", Hex(f.Span, 1), Len(f.Length), 1, "Item");
                }

                Line(output, indent, DicomTag.SequenceDelimitationItem, "na", "(SequenceDelimitationItem)", "0", 0, "SequenceDelimitationItem");
                continue;
            }

            var (text, vm) = Render(dataset, e);
            Line(output, indent, e.Tag, e.VR.Code, text, Len(e.Bytes.Length), vm, Keyword(e.Tag));
        }
    }

    /// <summary>The dump of a data set as a string.</summary>
    public static string ToString(DicomDataset dataset)
    {
        using var sw = new StringWriter(CultureInfo.InvariantCulture);
        Write(sw, dataset);
        return sw.ToString();
    }

    private static (string Text, int Multiplicity) Render(DicomDataset ds, DicomElement e)
    {
        const string empty = "(no value available)";
        if (e.Bytes.IsEmpty)
        {
            return (empty, 0);
        }

        try
        {
            switch (e.VR.Kind)
            {
                case DicomVRKind.String or DicomVRKind.Text:
                    {
                        var values = ds.GetStrings(e.Tag);
                        return values.Length == 0 ? (empty, 0) : ($"[{string.Join('\\', values)}]", values.Length);
                    }

                case DicomVRKind.Binary:
                    {
                        var n = e.Bytes.Length / e.VR.UnitSize;
                        var parts = new List<string>();
                        for (var i = 0; i < n && i < 16; i++)
                        {
                            parts.Add(e.VR == DicomVR.AT
                                ? ds.GetAttributeTag(e.Tag, i).ToString()
                                : e.VR == DicomVR.FL || e.VR == DicomVR.FD
                                    ? ds.GetDouble(e.Tag, i).ToString("G", CultureInfo.InvariantCulture)
                                    : ds.GetInt64(e.Tag, i).ToString(CultureInfo.InvariantCulture));
                        }

                        return (string.Join('\\', parts) + (n > 16 ? "..." : string.Empty), n);
                    }

                default:
                    return (Hex(e.Bytes.Span, e.VR == DicomVR.OW ? 2 : e.VR.UnitSize), 1);
            }
        }
        catch (DicomValueException)
        {
            return (Hex(e.Bytes.Span, 1), 1); // a value that breaks its VR is shown as bytes
        }
    }

    private static string Hex(ReadOnlySpan<byte> bytes, int unit)
    {
        if (bytes.IsEmpty)
        {
            return "(no value available)";
        }

        var sb = new StringBuilder();
        var shown = Math.Min(bytes.Length, MaxShownBytes);
        unit = Math.Max(1, unit);
        for (var i = 0; i + unit <= shown; i += unit)
        {
            if (i > 0)
            {
                sb.Append('\\');
            }

            for (var k = unit - 1; k >= 0; k--)
            {
                sb.Append(bytes[i + k].ToString("x2", CultureInfo.InvariantCulture));
            }
        }

        if (bytes.Length > shown)
        {
            sb.Append("...");
        }

        return sb.ToString();
    }

    private static string Len(int length) => length.ToString(CultureInfo.InvariantCulture);

    private static string Keyword(DicomTag tag) => DicomDictionary.GetKeyword(tag) ?? "Unknown Tag & Data";

    private static void Line(TextWriter output, string indent, DicomTag tag, string vr, string value, string length, int vm, string keyword)
    {
        var head = $"{indent}{tag} {vr} {value}";
        var pad = Math.Max(1, ValueColumn - head.Length);
        output.WriteLine($"{head}{new string(' ', pad)}# {length,3}, {vm} {keyword}");
    }
}
