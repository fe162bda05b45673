namespace DicomSegNode.Seg2DicomSeg.Sop;

/// <summary>What <see cref="SegmentationEncoder.Encode"/> did.</summary>
public enum SegmentationOutcome
{
    /// <summary>A SEG was made.</summary>
    Encoded,

    /// <summary>Every selected segment is empty: no SEG is made (an object without a single segmented pixel helps
    /// nobody, and with empty frames omitted it could not be valid).</summary>
    AllSegmentsEmpty,
}
