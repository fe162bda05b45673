namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>A-ABORT PDU (PS3.8 9.3.8).</summary>
public sealed record AAbort(AbortSource Source, AbortReason Reason) : ProtocolDataUnit
{
    /// <inheritdoc/>
    public override PduType Type => PduType.Abort;
}
