namespace DicomSegNode.Dicom.Network;

/// <summary>A DICOM network operation failed: the peer broke the protocol (PS3.8 9.2 Evt19), timed out, or closed the
/// connection. Subclasses say when the association was rejected or aborted.</summary>
public class DicomNetworkException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DicomNetworkException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public DicomNetworkException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DicomNetworkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
