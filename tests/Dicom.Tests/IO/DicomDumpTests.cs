using System.Text.RegularExpressions;
using DicomSegNode.Dicom.IO;

namespace DicomSegNode.Dicom.Tests.IO;

public sealed partial class DicomDumpTests
{
    [Theory]
    [InlineData("pydicom/rtplan.dcm")]
    [InlineData("pydicom/CT_small.dcm")]
    [InlineData("dcmqi/liver.dcm")]
    [InlineData("pydicom/MR_small_RLE.dcm")]
    [InlineData("highdicom/seg_image_ct_binary_overlap.dcm")]
    public void Write_File_SameElementsTreeAndStringValuesAsDcmdump(string relativePath)
    {
        var theirs = Parse(TestFiles.Run("dcmdump", ["-M", TestFiles.Get(relativePath)])); // -M: load long values too
        using var sw = new StringWriter();
        DicomDump.Write(sw, DicomFile.Open(TestFiles.Get(relativePath)));
        var ours = Parse(sw.ToString());

        Assert.Equal(theirs.Select(l => (l.Indent, l.Tag, l.VR)), ours.Select(l => (l.Indent, l.Tag, l.VR)));
        foreach (var (t, o) in theirs.Zip(ours))
        {
            if (t.Value.StartsWith('[') && t.VR is not ("UI" or "SQ" or "na" or "pi"))
            {
                // dcmdump shortens long values with "...": compare what it shows.
                var shown = t.Value.EndsWith("...", StringComparison.Ordinal) ? t.Value[..^3] : t.Value;
                Assert.StartsWith(shown, o.Value, StringComparison.Ordinal);
                Assert.Equal(t.Value.EndsWith("...", StringComparison.Ordinal), o.Value.Length != shown.Length);
            }
        }
    }

    [Fact]
    public void Write_EncapsulatedPixelData_ListsFragments()
    {
        using var sw = new StringWriter();
        DicomDump.Write(sw, DicomFile.Open(TestFiles.Get("jpegll/mr-p14-sv1.dcm")));
        var text = sw.ToString();

        Assert.Contains("(7fe0,0010) OB (PixelSequence #=2)", text, StringComparison.Ordinal);
        Assert.Contains("(fffe,e000) pi ff\\d8\\ff", text, StringComparison.Ordinal);
        Assert.Contains("# Used TransferSyntax: JPEG Lossless, Non-Hierarchical (Process 14)", text, StringComparison.Ordinal);
    }

    private static List<(int Indent, string Tag, string VR, string Value)> Parse(string dump)
    {
        var lines = new List<(int, string, string, string)>();
        foreach (var line in dump.Split('\n'))
        {
            var m = LineRegex().Match(line);
            if (m.Success)
            {
                lines.Add((m.Groups[1].Length, m.Groups[2].Value.ToLowerInvariant(), m.Groups[3].Value, m.Groups[4].Value.TrimEnd()));
            }
        }

        return lines;
    }

    [GeneratedRegex(@"^(\s*)(\([0-9a-fA-F]{4},[0-9a-fA-F]{4}\)) (\S\S) (.*?)\s+#")]
    private static partial Regex LineRegex();
}
