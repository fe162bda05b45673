namespace DicomSegNode.Dicom.Network.Dimse;

/// <summary>Thrown by a DIMSE handler to answer with a failure or warning status and an Error Comment (0000,0902)
/// (PS3.7 C.4); the association goes on.</summary>
public sealed class DimseStatusException : Exception
{
    /// <summary>Creates the exception; <paramref name="errorComment"/> is sent to the peer (at most 64 characters, no patient data).</summary>
    public DimseStatusException(DimseStatus status, string errorComment)
        : base($"{status}: {errorComment}")
    {
        Status = status;
        ErrorComment = errorComment;
    }

    /// <summary>Creates the exception.</summary>
    public DimseStatusException()
        : this(DimseStatus.ProcessingFailure, "Processing failure")
    {
    }

    /// <summary>Creates the exception.</summary>
    public DimseStatusException(string message)
        : this(DimseStatus.ProcessingFailure, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DimseStatusException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = DimseStatus.ProcessingFailure;
        ErrorComment = message;
    }

    /// <summary>The status to send.</summary>
    public DimseStatus Status { get; }

    /// <summary>The error comment to send.</summary>
    public string ErrorComment { get; }
}
