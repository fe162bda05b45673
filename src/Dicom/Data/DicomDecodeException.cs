namespace DicomSegNode.Dicom.Data;

/// <summary>Pixel data that cannot be decoded: an unsupported transfer syntax (named in the message) or a malformed compressed stream (PS3.5 8 and Annexes A, G).</summary>
public class DicomDecodeException : DicomException
{
    /// <summary>Creates the exception.</summary>
    public DicomDecodeException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DicomDecodeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public DicomDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
