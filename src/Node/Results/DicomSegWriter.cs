using DicomSegNode.Node.Series;
using DicomSegNode.Seg2DicomSeg.Sop;
using DicomSegNode.Segmentation.Cascade;

namespace DicomSegNode.Node.Results;

/// <summary>The <c>segment</c> verb's DICOM SEG output (<c>.dcm</c>); all masks empty writes nothing and says why.</summary>
public sealed class DicomSegWriter(SegmentationOptions? options = null) : ISegmentationWriter
{
    public string Format => "DICOM SEG";

    public bool Accepts(string path) => path.EndsWith(".dcm", StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<string> Write(AssembledSeries series, CascadeResult result, string path)
    {
        var encoded = SegBuilder.Encode(series, result, options ?? new SegmentationOptions());
        if (encoded.Outcome == SegmentationOutcome.AllSegmentsEmpty)
        {
            return [];
        }

        SegBuilder.Save(encoded, path);
        return [path];
    }
}
