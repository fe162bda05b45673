namespace DicomSegNode.Dicom.Network.Dimse;

/// <summary>A DIMSE message that breaks PS3.7 (malformed command set, fragments out of order): the association is aborted.</summary>
public sealed class DimseProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DimseProtocolException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public DimseProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DimseProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
