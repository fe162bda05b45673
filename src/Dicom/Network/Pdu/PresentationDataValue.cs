namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>A presentation data value item of a P-DATA-TF PDU (PS3.8 9.3.5.1 and Annex E.2): a fragment of a DIMSE
/// command or data set. <see cref="Data"/> may point into a receive buffer that is reused by the next read.</summary>
public readonly record struct PresentationDataValue(byte PresentationContextId, bool IsCommand, bool IsLast, ReadOnlyMemory<byte> Data)
{
    /// <summary>The message control header byte (PS3.8 E.2): bit 0 command, bit 1 last fragment.</summary>
    public byte MessageControlHeader => (byte)((IsCommand ? 1 : 0) | (IsLast ? 2 : 0));
}
