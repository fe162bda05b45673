namespace DicomSegNode.Seg2DicomSeg.Enums;

/// <summary>Segmentation Type (0062,0001), PS3.3 C.8.20.2. We write BINARY; the reader also accepts FRACTIONAL.</summary>
public enum SegmentationType
{
    /// <summary>BINARY: one bit per pixel.</summary>
    Binary,

    /// <summary>FRACTIONAL: 8-bit probability or occupancy, scaled by Maximum Fractional Value (0062,000E).</summary>
    Fractional,

    /// <summary>LABELMAP (Supplement 243): one 8- or 16-bit label per pixel.</summary>
    Labelmap,
}
