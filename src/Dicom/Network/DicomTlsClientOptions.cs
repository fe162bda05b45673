using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace DicomSegNode.Dicom.Network;

/// <summary>DICOM TLS for an SCU (PS3.15 B.1, BCP 195): which CAs the server certificate must chain to, and an optional
/// client certificate.</summary>
public sealed class DicomTlsClientOptions
{
    /// <summary>CAs the server certificate must chain to; empty means the system's trust store.</summary>
    public X509Certificate2Collection TrustedCertificateAuthorities { get; init; } = [];

    /// <summary>The client certificate with its private key, when the server asks for one.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Name the server certificate must carry; defaults to the host connected to.</summary>
    public string? TargetHost { get; init; }

    /// <summary>Check that the server certificate names <see cref="TargetHost"/> (DICOM peers are often addressed by IP,
    /// and PS3.15 leaves naming to the site, so this can be turned off while the chain is still checked).</summary>
    public bool CheckCertificateName { get; init; } = true;

    /// <summary>Protocols allowed: TLS 1.2 and 1.3 (BCP 195).</summary>
    public SslProtocols Protocols { get; init; } = SslProtocols.Tls12 | SslProtocols.Tls13;
}
