namespace DicomSegNode.Dicom.Data;

/// <summary>Base of every error this toolkit raises for DICOM content.</summary>
public class DicomException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DicomException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DicomException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public DicomException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
