namespace DicomSegNode.Seg2DicomSeg.Sop;

/// <summary>A data set is not a SEG we can read (not Segmentation Storage, inconsistent frames and pixel data,
/// a frame that fits no source slice...); the message says what.</summary>
public sealed class SegmentationFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SegmentationFormatException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public SegmentationFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public SegmentationFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
