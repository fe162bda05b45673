namespace DicomSegNode.Dicom.Network;

/// <summary>Settings of a DICOM SCP (<see cref="DicomServer"/>): who may associate, what is negotiated, limits and timers.</summary>
public sealed class DicomServerOptions
{
    /// <summary>Our AE title; a request calling another one is refused (A-ASSOCIATE-RJ reason 7) unless
    /// <see cref="AcceptAnyCalledAeTitle"/>.</summary>
    public string AeTitle { get; init; } = "DICOMSEGNODE";

    /// <summary>Accept any called AE title (a test receiver).</summary>
    public bool AcceptAnyCalledAeTitle { get; init; }

    /// <summary>Calling AE titles allowed (with optional host); empty = anyone (reason 3 otherwise).</summary>
    public IReadOnlyList<AllowedPeer> AllowedCallingAeTitles { get; init; } = [];

    /// <summary>Simultaneous associations; beyond it requests are refused transiently (source 3, reason 2).</summary>
    public int MaxAssociations { get; init; } = 16;

    /// <summary>Maximum P-DATA-TF length we accept and announce (PS3.8 D.1); bounds memory per association.</summary>
    public uint MaxPduLength { get; init; } = 256 * 1024;

    /// <summary>Abstract syntaxes accepted; null = Verification and every Storage SOP class.</summary>
    public IReadOnlySet<string>? AbstractSyntaxes { get; init; }

    /// <summary>Transfer syntaxes accepted, in our order of preference.</summary>
    public IReadOnlyList<string> TransferSyntaxes { get; init; } = NetworkUids.DefaultTransferSyntaxes;

    /// <summary>ARTIM timer (PS3.8 9.1.5): how long we wait for the A-ASSOCIATE-RQ and for the peer to close.</summary>
    public TimeSpan ArtimTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an established association may stay silent (also bounds a peer that stops mid-PDU).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>DICOM TLS; null = plain TCP.</summary>
    public DicomTlsServerOptions? Tls { get; init; }

    /// <summary>User identity negotiation hook; null = identities are not checked (and no response is sent).</summary>
    public IUserIdentityValidator? UserIdentityValidator { get; init; }

    /// <summary>Clock for every timer.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>True when <paramref name="abstractSyntax"/> is accepted under these options.</summary>
    public bool AcceptsAbstractSyntax(string abstractSyntax) =>
        AbstractSyntaxes?.Contains(abstractSyntax) ?? (abstractSyntax == NetworkUids.Verification || NetworkUids.IsStorageSopClass(abstractSyntax));
}
