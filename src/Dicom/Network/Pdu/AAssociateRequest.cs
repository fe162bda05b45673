namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>A-ASSOCIATE-RQ PDU (PS3.8 9.3.2).</summary>
public sealed record AAssociateRequest : ProtocolDataUnit
{
    /// <summary>The DICOM application context name (PS3.7 A.2.1).</summary>
    public const string DicomApplicationContext = "1.2.840.10008.3.1.1.1";

    /// <inheritdoc/>
    public override PduType Type => PduType.AssociateRequest;

    /// <summary>Protocol version bit field; bit 0 set means version 1 (PS3.8 9.3.2).</summary>
    public ushort ProtocolVersion { get; init; } = 1;

    /// <summary>Called AE title (the acceptor), leading and trailing spaces removed.</summary>
    public required string CalledAeTitle { get; init; }

    /// <summary>Calling AE title (the requestor), leading and trailing spaces removed.</summary>
    public required string CallingAeTitle { get; init; }

    /// <summary>Application context name (PS3.8 9.3.2.1).</summary>
    public string ApplicationContextName { get; init; } = DicomApplicationContext;

    /// <summary>Proposed presentation contexts (PS3.8 9.3.2.2).</summary>
    public IReadOnlyList<PresentationContextProposal> PresentationContexts { get; init; } = [];

    /// <summary>User information (PS3.8 9.3.2.3).</summary>
    public UserInformation UserInformation { get; init; } = new();
}
