using DicomSegNode.Dicom.Network;
using DicomSegNode.Dicom.Tests.Network.Support;

namespace DicomSegNode.Dicom.Tests.Network;

public sealed class DicomTlsTests : IClassFixture<TestCertificates>
{
    private readonly TestCertificates _pki;

    public DicomTlsTests(TestCertificates pki)
    {
        _pki = pki;
    }

    [Fact]
    public async Task EchoAsync_MutualTlsWithCertificateFromTheCa_Succeeds()
    {
        await using var server = new LoopbackServer(ServerOptions(requireClient: true));

        await using var client = await DicomClient.ConnectAsync(ClientOptions(server, _pki.Client), DicomClient.ProposeFor([]), default);
        var status = await client.EchoAsync(default);
        await client.ReleaseAsync(default);

        Assert.True(status.IsSuccess);
    }

    [Fact]
    public async Task ConnectAsync_ClientWithoutCertificateWhenRequired_FailsAndServerGoesOn()
    {
        await using var server = new LoopbackServer(ServerOptions(requireClient: true));

        await Assert.ThrowsAnyAsync<DicomNetworkException>(async () =>
        {
            await using var client = await DicomClient.ConnectAsync(ClientOptions(server, null), DicomClient.ProposeFor([]), default);
            await client.EchoAsync(default);
        });
        await using var good = await DicomClient.ConnectAsync(ClientOptions(server, _pki.Client), DicomClient.ProposeFor([]), default);

        Assert.True((await good.EchoAsync(default)).IsSuccess);
        await good.ReleaseAsync(default);
    }

    [Fact]
    public async Task ConnectAsync_ClientCertificateFromAnotherCa_Fails()
    {
        await using var server = new LoopbackServer(ServerOptions(requireClient: true));

        await Assert.ThrowsAnyAsync<DicomNetworkException>(async () =>
        {
            await using var client = await DicomClient.ConnectAsync(ClientOptions(server, _pki.Rogue), DicomClient.ProposeFor([]), default);
            await client.EchoAsync(default);
        });
    }

    [Fact]
    public async Task ConnectAsync_ServerNotTrustedByClient_Fails()
    {
        await using var server = new LoopbackServer(ServerOptions(requireClient: false));
        var options = ClientOptions(server, null);
        var untrusting = new DicomClientOptions
        {
            Host = options.Host,
            Port = options.Port,
            CalledAeTitle = options.CalledAeTitle,
            Tls = new DicomTlsClientOptions { TrustedCertificateAuthorities = [_pki.Rogue] },
        };

        await Assert.ThrowsAsync<DicomNetworkException>(() => DicomClient.ConnectAsync(untrusting, DicomClient.ProposeFor([]), default));
    }

    [Fact]
    public async Task EchoAsync_ServerTlsWithoutClientCertificate_Succeeds()
    {
        await using var server = new LoopbackServer(ServerOptions(requireClient: false));

        await using var client = await DicomClient.ConnectAsync(ClientOptions(server, null), DicomClient.ProposeFor([]), default);

        Assert.True((await client.EchoAsync(default)).IsSuccess);
        await client.ReleaseAsync(default);
    }

    [Fact]
    public void LoadCertificate_PemFiles_HasPrivateKey()
    {
        using var certificate = DicomTlsCertificates.LoadCertificate(_pki.ServerCertPem, _pki.ServerKeyPem);

        Assert.True(certificate.HasPrivateKey);
        Assert.Single(DicomTlsCertificates.LoadCertificateAuthorities(_pki.CaPem));
    }

    private DicomServerOptions ServerOptions(bool requireClient) => new()
    {
        AeTitle = "DSN-TEST",
        Tls = new DicomTlsServerOptions { ServerCertificate = _pki.Server, RequireClientCertificate = requireClient, ClientCertificateAuthorities = [_pki.Ca] },
    };

    private DicomClientOptions ClientOptions(LoopbackServer server, System.Security.Cryptography.X509Certificates.X509Certificate2? clientCertificate) => new()
    {
        Host = "127.0.0.1",
        Port = server.Port,
        CalledAeTitle = "DSN-TEST",
        Tls = new DicomTlsClientOptions { TrustedCertificateAuthorities = [_pki.Ca], ClientCertificate = clientCertificate },
    };
}
