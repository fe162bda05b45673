namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>P-DATA-TF PDU (PS3.8 9.3.5): one or more presentation data values.</summary>
public sealed record PDataTransfer(IReadOnlyList<PresentationDataValue> Values) : ProtocolDataUnit
{
    /// <inheritdoc/>
    public override PduType Type => PduType.DataTransfer;
}
