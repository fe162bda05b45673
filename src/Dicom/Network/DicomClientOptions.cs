using DicomSegNode.Dicom.Network.Pdu;

namespace DicomSegNode.Dicom.Network;

/// <summary>Settings of a DICOM SCU association (<see cref="DicomClient"/>).</summary>
public sealed class DicomClientOptions
{
    /// <summary>Peer host name or address.</summary>
    public required string Host { get; init; }

    /// <summary>Peer port.</summary>
    public required int Port { get; init; }

    /// <summary>The peer's AE title (called AE).</summary>
    public string CalledAeTitle { get; init; } = "ANY-SCP";

    /// <summary>Our AE title (calling AE).</summary>
    public string CallingAeTitle { get; init; } = "DICOMSEGNODE";

    /// <summary>Maximum P-DATA-TF length we accept and announce (PS3.8 D.1).</summary>
    public uint MaxPduLength { get; init; } = 256 * 1024;

    /// <summary>TCP connect (and TLS handshake) timeout.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>ARTIM (PS3.8 9.1.5): how long we wait for A-ASSOCIATE-AC/RJ and A-RELEASE-RP.</summary>
    public TimeSpan ArtimTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>DIMSE timeout: how long we wait for a response after a request was sent.</summary>
    public TimeSpan DimseTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>DICOM TLS; null = plain TCP.</summary>
    public DicomTlsClientOptions? Tls { get; init; }

    /// <summary>User identity to negotiate (PS3.7 D.3.3.7), if any.</summary>
    public UserIdentityRequest? UserIdentity { get; init; }

    /// <summary>Clock for every timer.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
