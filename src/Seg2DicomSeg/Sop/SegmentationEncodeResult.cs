using DicomSegNode.Dicom.Data;

namespace DicomSegNode.Seg2DicomSeg.Sop;

/// <summary>The result of encoding: the SEG data set (null when <see cref="Outcome"/> says nothing was made),
/// its UIDs and what it holds.</summary>
public sealed record SegmentationEncodeResult
{
    /// <summary>Whether a SEG was made.</summary>
    public required SegmentationOutcome Outcome { get; init; }

    /// <summary>The Segmentation Storage data set, ready for a Part 10 writer (Explicit VR Little Endian).</summary>
    public DicomDataset? Dataset { get; init; }

    /// <summary>SOP Instance UID of the SEG (derived, see <see cref="Uids.DeterministicUid"/>).</summary>
    public required string SopInstanceUid { get; init; }

    /// <summary>Series Instance UID of the SEG series.</summary>
    public required string SeriesInstanceUid { get; init; }

    /// <summary>Number of frames written.</summary>
    public int FrameCount { get; init; }

    /// <summary>Segment numbers as written in the SEG: 1..n (PS3.3 C.8.20.2.4 requires them consecutive from 1).</summary>
    public IReadOnlyList<int> SegmentNumbers { get; init; } = [];

    /// <summary>Given segment number -> number written in the SEG (they differ when a selection leaves gaps).</summary>
    public IReadOnlyDictionary<int, int> SegmentNumberMap { get; init; } = new Dictionary<int, int>();

    /// <summary>Written segment numbers whose mask is empty (kept so the object says "looked, found nothing").</summary>
    public IReadOnlyList<int> EmptySegmentNumbers { get; init; } = [];

    /// <summary>Why nothing was made, when nothing was.</summary>
    public string? Reason { get; init; }
}
