namespace DicomSegNode.Node.Configuration;

/// <summary>Configuration section <c>Dicom</c>: the node's own DICOM application entity.</summary>
public sealed class DicomOptions
{
    public const string SectionName = "Dicom";

    /// <summary>The AE title the node answers to (PS3.5 AE: 1-16 characters, no backslash or control characters).</summary>
    public string AeTitle { get; set; } = "DICOMSEGNODE";

    /// <summary>TCP port of the DICOM listener (11112 is the IANA-registered DICOM port).</summary>
    public int Port { get; set; } = 11112;

    /// <summary>Address the DICOM listener binds to.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Simultaneous associations accepted; more are refused transiently (A-ASSOCIATE-RJ, local limit exceeded).</summary>
    public int MaxAssociations { get; set; } = 16;

    /// <summary>PEM server certificate: DICOM TLS (PS3.15 B.1, TLS 1.2/1.3) instead of plain TCP. Empty = plain TCP.</summary>
    public string TlsCertificate { get; set; } = "";

    /// <summary>PEM private key of <see cref="TlsCertificate"/> (empty when the certificate file holds it).</summary>
    public string TlsKey { get; set; } = "";

    /// <summary>PEM CA bundle; when set, peers must present a client certificate that chains to it (mutual TLS).</summary>
    public string TlsClientCa { get; set; } = "";
}
