using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace DicomSegNode.Dicom.Network;

/// <summary>DICOM TLS for an SCP (PS3.15 B.1 and the BCP 195 profile, TLS 1.2 and 1.3): the server certificate, and
/// optionally a client certificate that must chain to one of <see cref="ClientCertificateAuthorities"/>.</summary>
public sealed class DicomTlsServerOptions
{
    /// <summary>The server certificate with its private key.</summary>
    public required X509Certificate2 ServerCertificate { get; init; }

    /// <summary>When true a client without a certificate that chains to a configured CA is refused during the handshake.</summary>
    public bool RequireClientCertificate { get; init; }

    /// <summary>The CAs a client certificate must chain to (required when <see cref="RequireClientCertificate"/>).</summary>
    public X509Certificate2Collection ClientCertificateAuthorities { get; init; } = [];

    /// <summary>Protocols allowed: TLS 1.2 and 1.3 (BCP 195).</summary>
    public SslProtocols Protocols { get; init; } = SslProtocols.Tls12 | SslProtocols.Tls13;
}
