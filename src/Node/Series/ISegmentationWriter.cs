using DicomSegNode.Segmentation.Cascade;

namespace DicomSegNode.Node.Series;

/// <summary>
/// Writes a cascade result for an assembled series: the output step of <c>segment</c> (and later of the node). The
/// NIfTI writer is here; the DICOM SEG encoder (Seg2DicomSeg) plugs in as another implementation, chosen by
/// <see cref="Accepts"/>.
/// </summary>
public interface ISegmentationWriter
{
    /// <summary>A short name for messages ("NIfTI label map").</summary>
    string Format { get; }

    /// <summary>Whether this writer produces <paramref name="path"/> (decided by its extension).</summary>
    bool Accepts(string path);

    /// <summary>Writes the result; returns the files written.</summary>
    IReadOnlyList<string> Write(AssembledSeries series, CascadeResult result, string path);
}
