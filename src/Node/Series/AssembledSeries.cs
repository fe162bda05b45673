using DicomSegNode.Dicom.Data;
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
}
