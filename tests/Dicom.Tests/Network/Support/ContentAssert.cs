using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.IO;

namespace DicomSegNode.Dicom.Tests.Network.Support;

/// <summary>"Content identical": two files hold the same data set, element by element (tag and value bytes, sequences
/// and fragments included), whatever the transfer syntax each is encoded in. The file meta group is not compared.</summary>
internal static class ContentAssert
{
    private static readonly DicomTag TrailingPadding = new(0xFFFC, 0xFFFC);

    public static void SameContent(string expectedPath, string actualPath)
    {
        var expected = DicomFile.Open(expectedPath).Dataset;
        var actual = DicomFile.Open(actualPath).Dataset;

        // Data Set Trailing Padding (FFFC,FFFC) carries nothing and may be dropped by any re-encoder (PS3.10 7.2);
        // dcmtk's storescu drops it.
        expected.Remove(TrailingPadding);
        actual.Remove(TrailingPadding);
        Same(expected, actual, Path.GetFileName(expectedPath));
    }

    /// <summary>The data set bytes after the file meta group are byte-identical (same transfer syntax, nothing re-encoded).</summary>
    public static void SameDataSetBytes(string expectedPath, string actualPath)
    {
        var expected = File.ReadAllBytes(expectedPath);
        var actual = File.ReadAllBytes(actualPath);
        var expectedOffset = Dicom.Network.Services.Part10Header.Read(expectedPath).DataSetOffset;
        var actualOffset = Dicom.Network.Services.Part10Header.Read(actualPath).DataSetOffset;
        Assert.True(expected.AsSpan((int)expectedOffset).SequenceEqual(actual.AsSpan((int)actualOffset)), $"{actualPath}: data set bytes differ from {expectedPath}");
    }

    private static void Same(DicomDataset expected, DicomDataset actual, string where)
    {
        // Group lengths (gggg,0000) depend on the encoding (explicit VR headers are longer) and are retired outside
        // group 0002 (PS3.5 7.2): a transcoder recomputes or drops them, so they are not content.
        var e = expected.Where(x => x.Tag.Element != 0).ToList();
        var a = actual.Where(x => x.Tag.Element != 0).ToList();
        Assert.Equal(e.Select(x => x.Tag), a.Select(x => x.Tag));
        for (var i = 0; i < e.Count; i++)
        {
            var at = $"{where} {e[i].Tag}";
            if (e[i].Sequence is { } es)
            {
                var acts = a[i].Sequence;
                Assert.NotNull(acts);
                Assert.Equal(es.Count, acts.Count);
                for (var k = 0; k < es.Count; k++)
                {
                    Same(es[k], acts[k], $"{at}[{k}]");
                }
            }
            else if (e[i].Fragments is { } ef)
            {
                var af = a[i].Fragments;
                Assert.NotNull(af);
                Assert.Equal(ef.Fragments.Count, af.Fragments.Count);
                for (var k = 0; k < ef.Fragments.Count; k++)
                {
                    Assert.True(ef.Fragments[k].Span.SequenceEqual(af.Fragments[k].Span), $"{at} fragment {k} differs");
                }
            }
            else
            {
                Assert.True(e[i].Bytes.Span.SequenceEqual(a[i].Bytes.Span), $"{at} value differs");
            }
        }
    }
}
