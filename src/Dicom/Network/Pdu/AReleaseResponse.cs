namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>A-RELEASE-RP PDU (PS3.8 9.3.7).</summary>
public sealed record AReleaseResponse : ProtocolDataUnit
{
    /// <summary>The one instance (the PDU has no fields).</summary>
    public static readonly AReleaseResponse Instance = new();

    /// <inheritdoc/>
    public override PduType Type => PduType.ReleaseResponse;
}
