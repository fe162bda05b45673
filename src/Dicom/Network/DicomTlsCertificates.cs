using System.Security.Cryptography.X509Certificates;

namespace DicomSegNode.Dicom.Network;

/// <summary>Loads the PEM files a DICOM TLS configuration names (PS3.15 B.1): a certificate with its private key, and
/// CA bundles.</summary>
public static class DicomTlsCertificates
{
    /// <summary>A certificate and its private key from PEM files (the key may be in the certificate file).</summary>
    public static X509Certificate2 LoadCertificate(string certificatePemPath, string? keyPemPath = null)
    {
        using var ephemeral = X509Certificate2.CreateFromPemFile(certificatePemPath, keyPemPath);
        // Re-import as PKCS#12 so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>Every certificate of a PEM bundle.</summary>
    public static X509Certificate2Collection LoadCertificateAuthorities(string pemPath)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(pemPath);
        if (collection.Count == 0)
        {
            throw new InvalidDataException($"No certificate in {pemPath}.");
        }

        return collection;
    }
}
