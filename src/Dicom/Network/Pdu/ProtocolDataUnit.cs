namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>A protocol data unit of the DICOM upper layer (PS3.8 9.3). Plain data: the wire format lives in
/// <see cref="PduEncoder"/> and <see cref="PduDecoder"/> only.</summary>
public abstract record ProtocolDataUnit
{
    /// <summary>The PDU type byte.</summary>
    public abstract PduType Type { get; }
}
