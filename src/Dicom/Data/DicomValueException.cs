namespace DicomSegNode.Dicom.Data;

/// <summary>A value that does not follow its VR (PS3.5 6.2) when read through a typed accessor, or a value that cannot be encoded in the VR asked for.</summary>
public class DicomValueException : DicomException
{
    /// <summary>Creates the exception.</summary>
    public DicomValueException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DicomValueException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public DicomValueException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
