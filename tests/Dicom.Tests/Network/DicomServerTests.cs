using System.IO.Pipelines;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Dicom.Network;
using DicomSegNode.Dicom.Network.Dimse;
using DicomSegNode.Dicom.Network.Pdu;
using DicomSegNode.Dicom.Network.Services;
using DicomSegNode.Dicom.Tests.Network.Support;

namespace DicomSegNode.Dicom.Tests.Network;

public class DicomServerTests
{
    public static TheoryData<string> SampleFiles => new()
    {
        "highdicom-ct_image.dcm", "dcmqi-ct-01.dcm", "dcmqi-liver-seg.dcm", "pydicom-data-liver_rle.dcm", "pydicom-data-liver_expb.dcm",
    };

    [Fact]
    public async Task EchoAsync_OwnClientToOwnServer_Succeeds()
    {
        await using var server = new LoopbackServer();
        await using var client = await DicomClient.ConnectAsync(server.Client(), DicomClient.ProposeFor([]), default);

        var status = await client.EchoAsync(default);
        await client.ReleaseAsync(default);

        Assert.Equal(DimseStatus.Success, status);
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public async Task StoreFileAsync_SampleInItsOwnSyntax_StoredWithIdenticalDataSetBytes(string name)
    {
        await using var server = new LoopbackServer();
        var path = TestPaths.NetworkData(name);
        var header = Part10Header.Read(path);
        await using var client = await DicomClient.ConnectAsync(server.Client(), DicomClient.ProposeFor([(header.SopClassUid, header.TransferSyntaxUid)]), default);

        var result = await client.StoreFileAsync(path, default);
        await client.ReleaseAsync(default);

        Assert.Equal(DimseStatus.Success, result.Status);
        var stored = server.Store.PathFor(header.SopInstanceUid);
        Assert.Equal(header.TransferSyntaxUid, Part10Header.Read(stored).TransferSyntaxUid);
        ContentAssert.SameDataSetBytes(path, stored);
    }

    [Fact]
    public async Task StoreFileAsync_PeerAcceptsOnlyImplicit_TranscodesAndContentIsIdentical()
    {
        await using var server = new LoopbackServer(new DicomServerOptions { AeTitle = "DSN-TEST", TransferSyntaxes = [NetworkUids.ImplicitVrLittleEndian] });
        var path = TestPaths.NetworkData("dcmqi-liver-seg.dcm");
        var header = Part10Header.Read(path);
        await using var client = await DicomClient.ConnectAsync(server.Client(), DicomClient.ProposeFor([(header.SopClassUid, header.TransferSyntaxUid)]), default);

        var result = await client.StoreFileAsync(path, default);
        await client.ReleaseAsync(default);

        Assert.Equal(DimseStatus.Success, result.Status);
        var stored = server.Store.PathFor(header.SopInstanceUid);
        Assert.Equal(NetworkUids.ImplicitVrLittleEndian, Part10Header.Read(stored).TransferSyntaxUid);
        ContentAssert.SameContent(path, stored);
    }

    [Fact]
    public async Task StoreAsync_InMemoryDataSets_ManyOnOneAssociation_AllStored()
    {
        await using var server = new LoopbackServer();
        await using var client = await DicomClient.ConnectAsync(server.Client(), DicomClient.ProposeFor([(DicomUids.CTImageStorage, NetworkUids.ExplicitVrLittleEndian)]), default);
        var study = DicomUid.Generate();
        var series = DicomUid.Generate();
        var datasets = Enumerable.Range(1, 25).Select(i => TestInstances.Create(study, series, i)).ToList();

        var results = new List<CStoreResult>();
        foreach (var dataset in datasets)
        {
            results.Add(await client.StoreAsync(dataset, default));
        }

        await client.ReleaseAsync(default);

        Assert.All(results, r => Assert.Equal(DimseStatus.Success, r.Status));
        foreach (var dataset in datasets)
        {
            var stored = DicomFile.Open(server.Store.PathFor(dataset.GetUid(DicomTags.SOPInstanceUID)!));
            Assert.Equal(dataset.GetBytes(DicomTags.PixelData).ToArray(), stored.Dataset.GetBytes(DicomTags.PixelData).ToArray());
            Assert.Equal(dataset.GetString(DicomTags.PatientID), stored.Dataset.GetString(DicomTags.PatientID));
        }
    }

    [Fact]
    public async Task StoreFileAsync_SopClassNotAccepted_ReportsNotSentAndAssociationGoesOn()
    {
        await using var server = new LoopbackServer(new DicomServerOptions { AeTitle = "DSN-TEST", AbstractSyntaxes = new HashSet<string> { NetworkUids.Verification } });
        var path = TestPaths.NetworkData("highdicom-ct_image.dcm");
        var header = Part10Header.Read(path);
        await using var client = await DicomClient.ConnectAsync(server.Client(), DicomClient.ProposeFor([(header.SopClassUid, header.TransferSyntaxUid)]), default);

        var result = await client.StoreFileAsync(path, default);

        Assert.Equal(DimseStatus.SopClassNotSupported, result.Status);
        Assert.Contains(client.Accept.PresentationContexts, pc => pc.Result == PresentationContextResultReason.AbstractSyntaxNotSupported);
        Assert.True((await client.EchoAsync(default)).IsSuccess);
        await client.ReleaseAsync(default);
    }

    [Fact]
    public async Task StoreAsync_HandlerFails_FailureStatusWithCommentAndNextInstanceStored()
    {
        var handler = new FailFirstHandler();
        await using var server = new LoopbackServer(handler: handler);
        await using var client = await DicomClient.ConnectAsync(server.Client(), DicomClient.ProposeFor([(DicomUids.CTImageStorage, NetworkUids.ExplicitVrLittleEndian)]), default);
        var study = DicomUid.Generate();

        var first = await client.StoreAsync(TestInstances.Create(study, study, 1, size: 256), default);
        var second = await client.StoreAsync(TestInstances.Create(study, study, 2), default);
        await client.ReleaseAsync(default);

        Assert.Equal(DimseStatus.DataSetDoesNotMatchSopClass, first.Status);
        Assert.Equal("Missing Image Position", first.ErrorComment);
        Assert.Equal(DimseStatus.Success, second.Status);
    }

    [Theory]
    [InlineData("WRONG-AE", "TEST-SCU", 7)]
    [InlineData("DSN-TEST", "STRANGER", 3)]
    public async Task ConnectAsync_RefusedAeTitles_ThrowsRejectWithReason(string called, string calling, byte reason)
    {
        await using var server = new LoopbackServer(new DicomServerOptions { AeTitle = "DSN-TEST", AllowedCallingAeTitles = [new AllowedPeer("TEST-SCU", "127.0.0.1")] });

        var error = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => DicomClient.ConnectAsync(server.Client(called, calling), DicomClient.ProposeFor([]), default));

        Assert.Equal((AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, reason), (error.Reject.Result, error.Reject.Source, error.Reject.Reason));
    }

    [Fact]
    public async Task ConnectAsync_BeyondMaxAssociations_RejectedTransientlyThenAcceptedAfterRelease()
    {
        await using var server = new LoopbackServer(new DicomServerOptions { AeTitle = "DSN-TEST", MaxAssociations = 2 });
        var first = await DicomClient.ConnectAsync(server.Client(), DicomClient.ProposeFor([]), default);
        var second = await DicomClient.ConnectAsync(server.Client(), DicomClient.ProposeFor([]), default);

        var error = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => DicomClient.ConnectAsync(server.Client(), DicomClient.ProposeFor([]), default));
        await first.ReleaseAsync(default);
        await second.ReleaseAsync(default);
        await using var third = await DicomClient.ConnectAsync(server.Client(), DicomClient.ProposeFor([]), default);

        Assert.Equal(AAssociateReject.LocalLimitExceeded(), error.Reject);
        Assert.True((await third.EchoAsync(default)).IsSuccess);
        await third.ReleaseAsync(default);
    }

    [Fact]
    public async Task ConnectAsync_RefusedPeerKeepsItsConnectionOpen_DoesNotHoldTheOnlySlot()
    {
        await using var server = new LoopbackServer(new DicomServerOptions { AeTitle = "DSN-TEST", MaxAssociations = 1 });
        await using var refused = await RawPeer.ConnectAsync(server.Port);
        await refused.SendAsync(RawPeer.EchoRequest(called: "NOT-US"));
        Assert.IsType<AAssociateReject>(await refused.ReadPduAsync());

        await using var client = await DicomClient.ConnectAsync(server.Client(), DicomClient.ProposeFor([]), default);

        Assert.True((await client.EchoAsync(default)).IsSuccess);
        await client.ReleaseAsync(default);
    }

    [Fact]
    public async Task StoreAsync_LargeInstance_HandlerSeesDataBeforeTheSenderFinishes()
    {
        // Memory per association is bounded: the data set reaches the handler while it is still being sent, and a
        // handler that does not read holds the sender back (back-pressure through the pipe and TCP) instead of the
        // server buffering the instance.
        var handler = new GateHandler();
        await using var server = new LoopbackServer(handler: handler);
        await using var client = await DicomClient.ConnectAsync(server.Client(), DicomClient.ProposeFor([(DicomUids.CTImageStorage, NetworkUids.ExplicitVrLittleEndian)]), default);
        var study = DicomUid.Generate();
        var big = TestInstances.Create(study, study, 1, size: 4096); // 32 MiB of pixel data

        var sending = client.StoreAsync(big, default);
        await handler.FirstBytes.Task;
        var finishedBeforeHandlerRead = sending.IsCompleted;
        handler.Open.SetResult();
        var result = await sending;
        await client.ReleaseAsync(default);

        Assert.False(finishedBeforeHandlerRead);
        Assert.Equal(DimseStatus.Success, result.Status);
        Assert.Equal(big.GetBytes(DicomTags.PixelData).Length + 200L, handler.Received, 200.0);
    }

    [Fact]
    public async Task StoreAsync_SmallMaximumPduBothWays_FragmentsAndStoresIdentically()
    {
        await using var server = new LoopbackServer(new DicomServerOptions { AeTitle = "DSN-TEST", MaxPduLength = 4096 });
        var options = server.Client();
        var small = new DicomClientOptions { Host = options.Host, Port = options.Port, CalledAeTitle = options.CalledAeTitle, MaxPduLength = 4096 };
        await using var client = await DicomClient.ConnectAsync(small, DicomClient.ProposeFor([(DicomUids.CTImageStorage, NetworkUids.ExplicitVrLittleEndian)]), default);
        var study = DicomUid.Generate();
        var dataset = TestInstances.Create(study, study, 1, size: 128);

        var result = await client.StoreAsync(dataset, default);
        await client.ReleaseAsync(default);

        Assert.Equal(4096u, client.Accept.UserInformation.MaxPduLength);
        Assert.Equal(DimseStatus.Success, result.Status);
        var stored = DicomFile.Open(server.Store.PathFor(dataset.GetUid(DicomTags.SOPInstanceUID)!));
        Assert.Equal(dataset.GetBytes(DicomTags.PixelData).ToArray(), stored.Dataset.GetBytes(DicomTags.PixelData).ToArray());
    }

    [Fact]
    public async Task StoreAsync_NoResponseWithinDimseTimeout_ThrowsAndAborts()
    {
        var handler = new GateHandler();
        await using var server = new LoopbackServer(handler: handler);
        var clock = new ManualTimeProvider();
        var options = server.Client();
        var timed = new DicomClientOptions { Host = options.Host, Port = options.Port, CalledAeTitle = options.CalledAeTitle, DimseTimeout = TimeSpan.FromSeconds(60), TimeProvider = clock };
        var client = await DicomClient.ConnectAsync(timed, DicomClient.ProposeFor([(DicomUids.CTImageStorage, NetworkUids.ExplicitVrLittleEndian)]), default);
        var study = DicomUid.Generate();
        var timersBefore = clock.TimersCreated;

        var storing = client.StoreAsync(TestInstances.Create(study, study, 1), default);
        await handler.FirstBytes.Task;
        // Timers on the client's clock: one send timer per PDU (the command, the small data set), then the response read.
        await clock.WaitForTimersAsync(timersBefore + 3);
        clock.Advance(TimeSpan.FromSeconds(61));

        await Assert.ThrowsAsync<DicomNetworkException>(() => storing);
        handler.Open.SetResult();
        await client.DisposeAsync();
    }

    private sealed class FailFirstHandler : ICStoreHandler
    {
        private int _calls;

        public async ValueTask<DimseStatus> StoreAsync(CStoreRequest request, PipeReader dataSet, CancellationToken cancellationToken)
        {
            await dataSet.CopyToAsync(Stream.Null, cancellationToken);
            if (Interlocked.Increment(ref _calls) == 1)
            {
                throw new DimseStatusException(DimseStatus.DataSetDoesNotMatchSopClass, "Missing Image Position");
            }

            return DimseStatus.Success;
        }
    }

    private sealed class GateHandler : ICStoreHandler
    {
        public TaskCompletionSource FirstBytes { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Received { get; private set; }

        public async ValueTask<DimseStatus> StoreAsync(CStoreRequest request, PipeReader dataSet, CancellationToken cancellationToken)
        {
            while (true)
            {
                var result = await dataSet.ReadAsync(cancellationToken);
                Received += result.Buffer.Length;
                dataSet.AdvanceTo(result.Buffer.End);
                if (Received > 0 && !FirstBytes.Task.IsCompleted)
                {
                    FirstBytes.SetResult();
                    await Open.Task;
                }

                if (result.IsCompleted)
                {
                    return DimseStatus.Success;
                }
            }
        }
    }
}
