using System.Globalization;
using DicomSegNode.Dicom.Network;
using DicomSegNode.Dicom.Network.Services;
using DicomSegNode.Dicom.Tests.Network.Support;

namespace DicomSegNode.Dicom.Tests.Interop;

/// <summary>Our SCP and SCU against Debian's dcmtk (echoscu, storescu, storescp), the reference most PACS are tested
/// against. Every instance must arrive with the content that was sent; refusals are read from dcmtk's own output.</summary>
public sealed class DcmtkInteropTests : IClassFixture<TestCertificates>
{
    private static readonly string[] NativeSamples = ["highdicom-ct_image.dcm", "dcmqi-ct-01.dcm", "dcmqi-liver-seg.dcm", "pydicom-data-liver_expb.dcm"];
    private readonly TestCertificates _pki;

    public DcmtkInteropTests(TestCertificates pki)
    {
        _pki = pki;
    }

    [Fact]
    public async Task EchoScu_ToOurServer_ReceivesSuccess()
    {
        await using var server = new LoopbackServer();

        var result = await Dcmtk.EchoScuAsync(server.Port, "-v", "-aec", "DSN-TEST");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Received Echo Response (Success)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EchoScu_WrongCalledAe_SeesCalledAeNotRecognized()
    {
        await using var server = new LoopbackServer();

        var result = await Dcmtk.EchoScuAsync(server.Port, "-v", "-aec", "NOT-US");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Rejected Permanent, Source: Service User", result.Output, StringComparison.Ordinal);
        Assert.Contains("Called AE Title Not Recognized", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EchoScu_UnknownCallingAe_SeesCallingAeNotRecognized()
    {
        await using var server = new LoopbackServer(new DicomServerOptions { AeTitle = "DSN-TEST", AllowedCallingAeTitles = [new AllowedPeer("PACS")] });

        var refused = await Dcmtk.EchoScuAsync(server.Port, "-v", "-aec", "DSN-TEST", "-aet", "STRANGER");
        var allowed = await Dcmtk.EchoScuAsync(server.Port, "-v", "-aec", "DSN-TEST", "-aet", "PACS");

        Assert.Contains("Calling AE Title Not Recognized", refused.Output, StringComparison.Ordinal);
        Assert.True(allowed.ExitCode == 0, allowed.Output);
    }

    [Fact]
    public async Task EchoScu_BeyondMaxAssociations_SeesTransientLocalLimitExceeded()
    {
        await using var server = new LoopbackServer(new DicomServerOptions { AeTitle = "DSN-TEST", MaxAssociations = 1 });
        await using var holder = await DicomClient.ConnectAsync(server.Client(), DicomClient.ProposeFor([]), default);

        var result = await Dcmtk.EchoScuAsync(server.Port, "-v", "-aec", "DSN-TEST");
        await holder.ReleaseAsync(default);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Rejected Transient", result.Output, StringComparison.Ordinal);
        Assert.Contains("Local Limit Exceeded", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-x=")]
    [InlineData("-xe")]
    [InlineData("-xb")]
    [InlineData("-xi")]
    [InlineData("-xd")]
    [InlineData("-xs")]
    [InlineData("-xr")]
    public async Task StoreScu_EveryProposal_StoresContentIdenticalToTheSource(string proposal)
    {
        await using var server = new LoopbackServer();
        var files = NativeSamples.Select(TestPaths.NetworkData).ToList();
        if (proposal == "-xr")
        {
            files = [TestPaths.NetworkData("pydicom-data-liver_rle.dcm")];
        }

        var result = await Dcmtk.StoreScuAsync(server.Port, ["-v", "-R", "-aec", "DSN-TEST", proposal], files);

        Assert.True(result.ExitCode == 0, result.Output);
        AssertAllStored(files, server.Store);
    }

    [Fact]
    public async Task StoreScu_WithTlsAndClientCertificate_StoresEveryInstance()
    {
        await using var server = new LoopbackServer(TlsServer(requireClient: true));
        var files = NativeSamples.Select(TestPaths.NetworkData).ToList();

        var result = await Dcmtk.StoreScuAsync(server.Port, ["-v", "-R", "-aec", "DSN-TEST", "+tls", _pki.ClientKeyPem, _pki.ClientCertPem, "-pw", "+cf", _pki.CaPem], files);

        Assert.True(result.ExitCode == 0, result.Output);
        AssertAllStored(files, server.Store);
    }

    [Fact]
    public async Task StoreScu_WithTlsAndForeignCertificate_IsRefusedAndNothingStored()
    {
        await using var server = new LoopbackServer(TlsServer(requireClient: true));

        var result = await Dcmtk.StoreScuAsync(server.Port, ["-v", "-R", "-aec", "DSN-TEST", "+tls", _pki.RogueKeyPem, _pki.RogueCertPem, "-pw", "+cf", _pki.CaPem], [TestPaths.NetworkData(NativeSamples[0])]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(0, server.Store.StoredCount);
    }

    [Fact]
    public async Task StoreScu_SopClassNotAccepted_SeesAbstractSyntaxNotSupported()
    {
        await using var server = new LoopbackServer(new DicomServerOptions { AeTitle = "DSN-TEST", AbstractSyntaxes = new HashSet<string> { NetworkUids.Verification } });

        var result = await Dcmtk.StoreScuAsync(server.Port, ["-d", "-R", "-aec", "DSN-TEST"], [TestPaths.NetworkData(NativeSamples[0])]);

        Assert.Contains("Abstract Syntax Not Supported", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, server.Store.StoredCount);
    }

    [Fact]
    public async Task StoreScu_TransferSyntaxNotAccepted_SeesTransferSyntaxesNotSupported()
    {
        await using var server = new LoopbackServer(new DicomServerOptions { AeTitle = "DSN-TEST", TransferSyntaxes = [NetworkUids.ExplicitVrLittleEndian] });

        var result = await Dcmtk.StoreScuAsync(server.Port, ["-d", "-R", "-aec", "DSN-TEST", "-xi"], [TestPaths.NetworkData(NativeSamples[0])]);

        Assert.Contains("Transfer Syntaxes Not Supported", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, server.Store.StoredCount);
    }

    [Fact]
    public async Task OurScu_ToStoreScp_StoreScpFilesEqualOurSources()
    {
        using var folder = new TempFolder();
        var (process, port) = await Dcmtk.StartStoreScpAsync(folder.Sub("in"));
        try
        {
            var files = NativeSamples.Select(TestPaths.NetworkData).Append(TestPaths.NetworkData("pydicom-data-liver_rle.dcm")).ToList();
            var results = await SendAsync(new DicomClientOptions { Host = "127.0.0.1", Port = port, CalledAeTitle = "STORESCP" }, files);

            Assert.All(results, r => Assert.True(r.IsStored, $"{r.SopInstanceUid}: {r.Status} {r.ErrorComment}"));
            AssertReceivedByStoreScp(files, Path.Combine(folder.Path, "in"));
        }
        finally
        {
            Dcmtk.Stop(process);
        }
    }

    [Fact]
    public async Task OurScu_ToStoreScpWithTls_StoreScpFilesEqualOurSources()
    {
        using var folder = new TempFolder();
        var (process, port) = await Dcmtk.StartStoreScpAsync(folder.Sub("in"), "+tls", _pki.ServerKeyPem, _pki.ServerCertPem, "-pw", "+cf", _pki.CaPem);
        try
        {
            var files = NativeSamples.Select(TestPaths.NetworkData).ToList();
            var options = new DicomClientOptions
            {
                Host = "127.0.0.1",
                Port = port,
                CalledAeTitle = "STORESCP",
                Tls = new DicomTlsClientOptions { TrustedCertificateAuthorities = [_pki.Ca], ClientCertificate = _pki.Client },
            };
            var results = await SendAsync(options, files);

            Assert.All(results, r => Assert.True(r.IsStored, $"{r.SopInstanceUid}: {r.Status} {r.ErrorComment}"));
            AssertReceivedByStoreScp(files, Path.Combine(folder.Path, "in"));
        }
        finally
        {
            Dcmtk.Stop(process);
        }
    }

    [Fact]
    public async Task StoreScu_SixteenConcurrentAssociations_Every1024InstancesStoredOnce()
    {
        using var folder = new TempFolder();
        await using var server = new LoopbackServer(new DicomServerOptions { AeTitle = "DSN-TEST", MaxAssociations = 16 });
        var batches = Enumerable.Range(0, 16).Select(i => TestInstances.WriteSeries(folder.Sub(i.ToString(CultureInfo.InvariantCulture)), 64, firstNumber: i * 64)).ToList();
        var expected = batches.SelectMany(b => b).Select(p => Part10Header.Read(p).SopInstanceUid).ToHashSet();

        var results = await Task.WhenAll(batches.Select(batch => Dcmtk.StoreScuAsync(server.Port, ["-R", "-aec", "DSN-TEST"], batch)));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output));
        Assert.Equal(1024, expected.Count);
        Assert.Equal(1024, server.Store.StoredCount);
        var stored = Directory.EnumerateFiles(server.StoreFolder, "*.dcm").Select(p => Part10Header.Read(p).SopInstanceUid).ToList();
        Assert.Equal(1024, stored.Count);
        Assert.True(expected.SetEquals(stored));
        foreach (var path in batches.SelectMany(b => b).Where((_, i) => i % 97 == 0))
        {
            ContentAssert.SameDataSetBytes(path, server.Store.PathFor(Part10Header.Read(path).SopInstanceUid));
        }
    }

    private static async Task<List<CStoreResult>> SendAsync(DicomClientOptions options, List<string> files)
    {
        var headers = files.Select(Part10Header.Read).ToList();
        await using var client = await DicomClient.ConnectAsync(options, DicomClient.ProposeFor(headers.Select(h => (h.SopClassUid, h.TransferSyntaxUid))), default);
        var results = new List<CStoreResult>();
        foreach (var file in files)
        {
            results.Add(await client.StoreFileAsync(file, default));
        }

        await client.ReleaseAsync(default);
        return results;
    }

    private static void AssertAllStored(List<string> sources, FileStoreHandler store)
    {
        // storescu re-encodes what it reads (and may transcode to the syntax we accepted): what it sent is the source's
        // content, which is what must arrive. Byte-for-byte storage of what arrives is shown with our own SCU.
        foreach (var source in sources)
        {
            var stored = store.PathFor(Part10Header.Read(source).SopInstanceUid);
            Assert.True(File.Exists(stored), $"{Path.GetFileName(source)} was not stored");
            ContentAssert.SameContent(source, stored);
        }
    }

    private static void AssertReceivedByStoreScp(List<string> sources, string folder)
    {
        var received = Directory.EnumerateFiles(folder).ToDictionary(p => Part10Header.Read(p).SopInstanceUid);
        foreach (var source in sources)
        {
            var header = Part10Header.Read(source);
            Assert.True(received.TryGetValue(header.SopInstanceUid, out var stored), $"{Path.GetFileName(source)} not received by storescp");
            if (Part10Header.Read(stored).TransferSyntaxUid == header.TransferSyntaxUid)
            {
                ContentAssert.SameDataSetBytes(source, stored);
            }
            else
            {
                ContentAssert.SameContent(source, stored);
            }
        }
    }

    private DicomServerOptions TlsServer(bool requireClient) => new()
    {
        AeTitle = "DSN-TEST",
        Tls = new DicomTlsServerOptions { ServerCertificate = _pki.Server, RequireClientCertificate = requireClient, ClientCertificateAuthorities = [_pki.Ca] },
    };
}
