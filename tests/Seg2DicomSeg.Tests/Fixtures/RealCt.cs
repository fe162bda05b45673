using System.IO.Compression;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Seg2DicomSeg.Content;
using DicomSegNode.Seg2DicomSeg.Sop;

namespace DicomSegNode.Seg2DicomSeg.Tests.Fixtures;

/// <summary>The 20-slice TotalSegmentator CT (headers) with its liver and vein masks, see TestData/PROVENANCE.md.</summary>
internal static class RealCt
{
    public const int Rows = 512, Columns = 512, Slices = 20;

    public static readonly AlgorithmIdentification Algorithm = new("DicomSegNode liver cascade", "1.2.0");

    public static readonly string[] ModelVersions = ["liver@1.2.0", "vessels@1.0.3"];

    public static List<DicomDataset> Sources() =>
        [.. Directory.GetFiles(TestPaths.Data("totalsegmentator", "ct"), "*.dcm").Order(StringComparer.Ordinal).Select(p => DicomFile.Open(p).Dataset)];

    /// <summary>Liver, tumour (empty: TotalSegmentator has none), vessels; each [20][512][512].</summary>
    public static byte[][] Masks()
    {
        using var gz = new GZipStream(File.OpenRead(TestPaths.Data("totalsegmentator", "masks.bin.gz")), CompressionMode.Decompress);
        int size = Rows * Columns * Slices;
        var all = new byte[3 * size];
        gz.ReadExactly(all);
        return [all[..size], all[size..(2 * size)], all[(2 * size)..]];
    }

    public static SegmentationInput Input(byte[][]? masks = null)
    {
        masks ??= Masks();
        return new SegmentationInput(
            Sources(),
            [
                new SegmentData(StandardSegments.Liver(Algorithm), masks[0]),
                new SegmentData(StandardSegments.Tumour(Algorithm), masks[1]),
                new SegmentData(StandardSegments.HepaticVessels(Algorithm), masks[2]),
            ],
            ModelVersions);
    }

    public static readonly SegmentationOptions FixedTimeOptions = new() { ContentDateTime = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero) };
}
