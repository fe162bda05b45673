namespace DicomSegNode.Seg2DicomSeg.Sop;

/// <summary>One SEG frame as read back.</summary>
/// <param name="Index">0-based frame number in the object.</param>
/// <param name="SegmentNumber">Referenced Segment Number of the frame.</param>
/// <param name="Position">Image Position (Patient) of the frame, if given.</param>
/// <param name="SourceSopInstanceUid">The source image it was derived from, if given.</param>
/// <param name="Pixels">Rows * Columns values: 0/1 for BINARY, stored values for FRACTIONAL.</param>
public sealed record DecodedFrame(int Index, int SegmentNumber, double[]? Position, string? SourceSopInstanceUid, byte[] Pixels);
