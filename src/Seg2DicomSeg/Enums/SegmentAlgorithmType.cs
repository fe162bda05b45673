namespace DicomSegNode.Seg2DicomSeg.Enums;

/// <summary>Segment Algorithm Type (0062,0008), PS3.3 C.8.20.2.3.</summary>
public enum SegmentAlgorithmType
{
    /// <summary>AUTOMATIC: calculated automatically by a segment algorithm (our models).</summary>
    Automatic,

    /// <summary>SEMIAUTOMATIC: calculated with user assistance.</summary>
    Semiautomatic,

    /// <summary>MANUAL: entered by a user.</summary>
    Manual,
}
