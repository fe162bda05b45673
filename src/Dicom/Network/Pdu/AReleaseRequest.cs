namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>A-RELEASE-RQ PDU (PS3.8 9.3.6).</summary>
public sealed record AReleaseRequest : ProtocolDataUnit
{
    /// <summary>The one instance (the PDU has no fields).</summary>
    public static readonly AReleaseRequest Instance = new();

    /// <inheritdoc/>
    public override PduType Type => PduType.ReleaseRequest;
}
