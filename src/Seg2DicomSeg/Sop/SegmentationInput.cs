using DicomSegNode.Dicom.Data;

namespace DicomSegNode.Seg2DicomSeg.Sop;

/// <summary>
/// What a SEG is made from: the source instances (headers suffice: patient, study, series, geometry, SOP UIDs),
/// the segments with their masks on the source grid, and the versions of the models that made them (they feed the
/// deterministic UIDs, so a re-run with the same models on the same series gives the same SEG UIDs).
/// </summary>
/// <param name="SourceInstances">The source series' instances; mask slice k belongs to instance k.</param>
/// <param name="Segments">The segments, each with a unique segment number.</param>
/// <param name="ModelVersions">E.g. <c>["liver@1.2.0", "vessels@1.0.3"]</c>; order matters.</param>
public sealed record SegmentationInput(
    IReadOnlyList<DicomDataset> SourceInstances,
    IReadOnlyList<SegmentData> Segments,
    IReadOnlyList<string> ModelVersions);
