namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>A PDU that cannot be decoded (PS3.8 9.2 Evt19, "unrecognized or invalid PDU"): the association is aborted
/// with <see cref="AbortReason"/>.</summary>
public sealed class PduDecodeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PduDecodeException(AbortReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>Creates the exception with reason "invalid PDU parameter value".</summary>
    public PduDecodeException()
        : this(AbortReason.InvalidPduParameterValue, "Invalid PDU.")
    {
    }

    /// <summary>Creates the exception with reason "invalid PDU parameter value".</summary>
    public PduDecodeException(string message)
        : this(AbortReason.InvalidPduParameterValue, message)
    {
    }

    /// <summary>Creates the exception with reason "invalid PDU parameter value".</summary>
    public PduDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = AbortReason.InvalidPduParameterValue;
    }

    /// <summary>The A-ABORT reason to send.</summary>
    public AbortReason Reason { get; }
}
