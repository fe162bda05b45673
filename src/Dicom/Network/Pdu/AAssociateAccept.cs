namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>A-ASSOCIATE-AC PDU (PS3.8 9.3.3).</summary>
public sealed record AAssociateAccept : ProtocolDataUnit
{
    /// <inheritdoc/>
    public override PduType Type => PduType.AssociateAccept;

    /// <summary>Protocol version bit field (PS3.8 9.3.3).</summary>
    public ushort ProtocolVersion { get; init; } = 1;

    /// <summary>Called AE title, echoed from the request (the standard says not to test it on receipt).</summary>
    public required string CalledAeTitle { get; init; }

    /// <summary>Calling AE title, echoed from the request.</summary>
    public required string CallingAeTitle { get; init; }

    /// <summary>Application context name (PS3.8 9.3.3.1).</summary>
    public string ApplicationContextName { get; init; } = AAssociateRequest.DicomApplicationContext;

    /// <summary>One result per proposed presentation context (PS3.8 9.3.3.2).</summary>
    public IReadOnlyList<PresentationContextResult> PresentationContexts { get; init; } = [];

    /// <summary>User information (PS3.8 9.3.3.3).</summary>
    public UserInformation UserInformation { get; init; } = new();
}
