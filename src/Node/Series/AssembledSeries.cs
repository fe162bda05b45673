using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Segmentation.Volumes;

namespace DicomSegNode.Node.Series;

/// <summary>
/// A series made into a volume: HU voxels with geometry (slice k of the volume is <see cref="Slices"/>[k], ordered along
/// the slice normal), the identifiers a SEG needs to reference its sources, and the header of the first slice (pixel
/// data not loaded) for the patient, study and frame-of-reference attributes a derived object copies.
/// </summary>
public sealed record AssembledSeries(
    Volume Volume,
    IReadOnlyList<SliceSource> Slices,
    string StudyInstanceUid,
    string SeriesInstanceUid,
    string FrameOfReferenceUid,
    DicomDataset ReferenceHeader)
{
    /// <summary>True when the slice axis is not perpendicular to the image plane (gantry tilt): the grid is sheared.</summary>
    public bool IsTilted => !Volume.Geometry.IsOrthogonal;

    /// <summary>
    /// The header (pixel data not loaded) of each slice's source instance, in volume slice order: what a SEG encoder
    /// takes as its source instances, with the masks' slice k belonging to instance k. A multi-frame source appears
    /// once per frame.
    /// </summary>
    public IReadOnlyList<DicomDataset> ReadSourceHeaders()
    {
        var options = new DicomReadOptions { StopBeforeTag = DicomTags.PixelData };
        var byPath = new System.Collections.Concurrent.ConcurrentDictionary<string, DicomDataset>(StringComparer.Ordinal);
        var headers = new DicomDataset[Slices.Count];
        Parallel.For(0, Slices.Count, k => headers[k] = byPath.GetOrAdd(Slices[k].Path, p => DicomFile.Open(p, options).Dataset));
        return headers;
    }
}
