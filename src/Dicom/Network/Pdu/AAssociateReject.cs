namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>A-ASSOCIATE-RJ PDU (PS3.8 9.3.4). The meaning of <see cref="Reason"/> depends on <see cref="Source"/>
/// (Table 9-21); the factory methods give the combinations the standard defines.</summary>
public sealed record AAssociateReject(AssociateRejectResult Result, AssociateRejectSource Source, byte Reason) : ProtocolDataUnit
{
    /// <inheritdoc/>
    public override PduType Type => PduType.AssociateReject;

    /// <summary>Service-user, reason 1: no reason given.</summary>
    public static AAssociateReject NoReasonGiven(AssociateRejectResult result = AssociateRejectResult.Permanent) => new(result, AssociateRejectSource.ServiceUser, 1);

    /// <summary>Service-user, reason 2: application context name not supported.</summary>
    public static AAssociateReject ApplicationContextNotSupported() => new(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, 2);

    /// <summary>Service-user, reason 3: calling AE title not recognized.</summary>
    public static AAssociateReject CallingAeNotRecognized() => new(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, 3);

    /// <summary>Service-user, reason 7: called AE title not recognized.</summary>
    public static AAssociateReject CalledAeNotRecognized() => new(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, 7);

    /// <summary>Service-provider (ACSE), reason 2: protocol version not supported.</summary>
    public static AAssociateReject ProtocolVersionNotSupported() => new(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceProviderAcse, 2);

    /// <summary>Service-provider (presentation), reason 1: temporary congestion.</summary>
    public static AAssociateReject TemporaryCongestion() => new(AssociateRejectResult.Transient, AssociateRejectSource.ServiceProviderPresentation, 1);

    /// <summary>Service-provider (presentation), reason 2: local limit exceeded (too many associations).</summary>
    public static AAssociateReject LocalLimitExceeded() => new(AssociateRejectResult.Transient, AssociateRejectSource.ServiceProviderPresentation, 2);

    /// <summary>The reason in words, as Table 9-21 names it.</summary>
    public string Describe()
    {
        var reason = (Source, Reason) switch
        {
            (AssociateRejectSource.ServiceUser, 1) => "no reason given",
            (AssociateRejectSource.ServiceUser, 2) => "application context name not supported",
            (AssociateRejectSource.ServiceUser, 3) => "calling AE title not recognized",
            (AssociateRejectSource.ServiceUser, 7) => "called AE title not recognized",
            (AssociateRejectSource.ServiceProviderAcse, 1) => "no reason given",
            (AssociateRejectSource.ServiceProviderAcse, 2) => "protocol version not supported",
            (AssociateRejectSource.ServiceProviderPresentation, 1) => "temporary congestion",
            (AssociateRejectSource.ServiceProviderPresentation, 2) => "local limit exceeded",
            _ => $"reason {Reason}",
        };
        return $"{Result} rejection by {Source}: {reason}";
    }
}
