using System.Net;
using System.Net.Sockets;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.Network;
using DicomSegNode.Dicom.Network.Pdu;
using DicomSegNode.Dicom.Tests.Network.Support;

namespace DicomSegNode.Dicom.Tests.Network;

public class DicomClientTests
{
    [Fact]
    public async Task StoreAsync_PeerStopsReading_FailsAtSendTimeoutInsteadOfHanging()
    {
        // A fake SCP that accepts the association and then never reads again.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepting = AcceptThenStopReadingAsync(listener);
        var clock = new ManualTimeProvider();
        var options = new DicomClientOptions { Host = "127.0.0.1", Port = ((IPEndPoint)listener.LocalEndpoint).Port, CalledAeTitle = "FAKE", DimseTimeout = TimeSpan.FromSeconds(60), TimeProvider = clock };
        await using var client = await DicomClient.ConnectAsync(options, DicomClient.ProposeFor([(DicomUids.CTImageStorage, NetworkUids.ExplicitVrLittleEndian)]), default);
        var study = DicomUid.Generate();

        var storing = client.StoreAsync(TestInstances.Create(study, study, 1, size: 4096), default);
        while (!storing.IsCompleted)
        {
            // Every send arms a timer; once the socket buffers are full the current one stays armed until it expires.
            var created = clock.TimersCreated;
            clock.Advance(TimeSpan.FromSeconds(61));
            await Task.WhenAny(storing, clock.WaitForTimersAsync(created + 1));
        }

        var error = await Assert.ThrowsAsync<DicomNetworkException>(() => storing);
        Assert.Contains("read nothing", error.Message, StringComparison.Ordinal);
        using var peer = await accepting;
    }

    private static async Task<TcpClient> AcceptThenStopReadingAsync(TcpListener listener)
    {
        var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var header = new byte[6];
        await stream.ReadExactlyAsync(header);
        var body = new byte[System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
        await stream.ReadExactlyAsync(body);
        var rq = (AAssociateRequest)PduDecoder.Decode((byte[])[.. header, .. body]);
        var ac = new AAssociateAccept
        {
            CalledAeTitle = rq.CalledAeTitle,
            CallingAeTitle = rq.CallingAeTitle,
            PresentationContexts = rq.PresentationContexts.Select(pc => new PresentationContextResult(pc.Id, PresentationContextResultReason.Acceptance, pc.TransferSyntaxes[0])).ToList(),
            UserInformation = new UserInformation { MaxPduLength = 16384, ImplementationClassUid = "1.2.3" },
        };
        await stream.WriteAsync(PduEncoder.ToArray(ac));
        return client;
    }
}
