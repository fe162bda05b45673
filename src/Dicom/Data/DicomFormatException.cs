namespace DicomSegNode.Dicom.Data;

/// <summary>Malformed encoded DICOM (PS3.5 7 and PS3.10 7): a length past the end, a bad tag order, a missing delimiter, a value over a configured limit. Carries the byte offset where it was noticed.</summary>
public class DicomFormatException : DicomException
{
    /// <summary>Byte offset in the input where the problem was noticed, or -1 when unknown.</summary>
    public long Offset { get; init; } = -1;

    /// <summary>Creates the exception.</summary>
    public DicomFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DicomFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public DicomFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
