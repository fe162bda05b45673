namespace DicomSegNode.Seg2DicomSeg.Sop;

/// <summary>The input cannot make a valid SEG (inconsistent source geometry, wrong mask size, duplicate segment
/// numbers...); the message says which instance or segment and why.</summary>
public sealed class SegmentationInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SegmentationInputException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public SegmentationInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public SegmentationInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
