namespace DicomSegNode.Node.StoreOnly;

/// <summary>Settings of <c>serve --store-only</c>: where to listen, who we are, where instances go, optional TLS.</summary>
public sealed record StoreOnlyOptions
{
    /// <summary>Folder the instances are written to as &lt;SOP Instance UID&gt;.dcm.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>TCP port (0 = any free port; the one bound is printed).</summary>
    public int Port { get; init; } = 11112;

    /// <summary>Our AE title.</summary>
    public string AeTitle { get; init; } = "DICOMSEGNODE";

    /// <summary>Accept any called AE title.</summary>
    public bool AcceptAnyCalledAeTitle { get; init; }

    /// <summary>Simultaneous associations.</summary>
    public int MaxAssociations { get; init; } = 16;

    /// <summary>fsync each file before acknowledging it.</summary>
    public bool FlushToDisk { get; init; } = true;

    /// <summary>PEM server certificate (enables DICOM TLS).</summary>
    public string? TlsCertificate { get; init; }

    /// <summary>PEM private key of the server certificate.</summary>
    public string? TlsKey { get; init; }

    /// <summary>PEM CA bundle that client certificates must chain to; when set a client certificate is required.</summary>
    public string? TlsClientCa { get; init; }
}
