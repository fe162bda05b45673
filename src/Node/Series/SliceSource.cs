namespace DicomSegNode.Node.Series;

/// <summary>Where one slice of the volume came from: the instance, and for multi-frame instances the frame (1-based).</summary>
public sealed record SliceSource(string Path, string SopClassUid, string SopInstanceUid, int? FrameNumber);
