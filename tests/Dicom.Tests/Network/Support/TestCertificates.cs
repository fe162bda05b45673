using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DicomSegNode.Dicom.Tests.Network.Support;

/// <summary>A throw-away PKI made at run time: a CA, a server certificate for 127.0.0.1/localhost and a client
/// certificate signed by it, and an unrelated self-signed "rogue" client; as objects and as PEM files for dcmtk.</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly TempFolder _folder = new();

    public TestCertificates()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=DicomSegNode Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        Server = Issue("CN=localhost", serverAuth: true, out var serverKeyPem);
        Client = Issue("CN=DICOMSEGNODE-TEST-SCU", serverAuth: false, out var clientKeyPem);
        using var rogueKey = RSA.Create(2048);
        var rogueRequest = new CertificateRequest("CN=Rogue SCU", rogueKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var rogue = rogueRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        Rogue = X509CertificateLoader.LoadPkcs12(rogue.Export(X509ContentType.Pkcs12), null);

        CaPem = Write("ca.pem", Ca.ExportCertificatePem());
        ServerCertPem = Write("server.pem", Server.ExportCertificatePem());
        ServerKeyPem = Write("server.key", serverKeyPem);
        ClientCertPem = Write("client.pem", Client.ExportCertificatePem());
        ClientKeyPem = Write("client.key", clientKeyPem);
        RogueCertPem = Write("rogue.pem", Rogue.ExportCertificatePem());
        RogueKeyPem = Write("rogue.key", rogueKey.ExportPkcs8PrivateKeyPem());

        X509Certificate2 Issue(string subject, bool serverAuth, out string keyPem)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
            if (serverAuth)
            {
                var san = new SubjectAlternativeNameBuilder();
                san.AddDnsName("localhost");
                san.AddIpAddress(IPAddress.Loopback);
                request.CertificateExtensions.Add(san.Build());
            }

            var serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7F;
            using var issued = request.Create(Ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), serial);
            using var withKey = issued.CopyWithPrivateKey(key);
            keyPem = key.ExportPkcs8PrivateKeyPem();
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    public X509Certificate2 Rogue { get; }

    public string CaPem { get; }

    public string ServerCertPem { get; }

    public string ServerKeyPem { get; }

    public string ClientCertPem { get; }

    public string ClientKeyPem { get; }

    public string RogueCertPem { get; }

    public string RogueKeyPem { get; }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        Client.Dispose();
        Rogue.Dispose();
        _folder.Dispose();
    }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(_folder.Path, name);
        File.WriteAllText(path, pem);
        return path;
    }
}
