using System.Buffers.Binary;
using DicomSegNode.Dicom.Network;
using DicomSegNode.Dicom.Network.Pdu;
using DicomSegNode.Dicom.Tests.Network.Support;

namespace DicomSegNode.Dicom.Tests.Network;

public class HostilePeerTests
{
    public static TheoryData<string, string> PreAssociationGarbage => new()
    {
        { "unknown PDU type", "0900000000040000000000" },
        { "P-DATA-TF before association", "040000000006000000020103" },
        { "A-ASSOCIATE-RQ of 4 GB", "0100FFFFFFF0" },
        { "A-ASSOCIATE-RQ too short", "010000000010" + "00010000414E592D53435020202020202020" },
        { "HTTP request", Convert.ToHexString("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8) },
    };

    [Theory]
    [MemberData(nameof(PreAssociationGarbage))]
    public async Task Server_GarbageBeforeAssociation_AbortsAndKeepsServing(string what, string hex)
    {
        await using var server = new LoopbackServer();
        await using var bystander = await DicomClient.ConnectAsync(server.Client(), DicomClient.ProposeFor([]), default);
        await using var peer = await RawPeer.ConnectAsync(server.Port);

        await peer.SendAsync(Convert.FromHexString(hex));
        var received = await peer.ReadUntilClosedAsync();

        Assert.True(received.Count == 1 && received[0] is AAbort, $"{what}: expected one A-ABORT, got {string.Join(", ", received)}");
        Assert.True((await bystander.EchoAsync(default)).IsSuccess);
        await bystander.ReleaseAsync(default);
    }

    [Fact]
    public async Task Server_DataPduAnnouncing4GB_AbortsWithoutWaitingForTheBody()
    {
        await using var server = new LoopbackServer();
        await using var peer = await RawPeer.ConnectAsync(server.Port);
        await peer.AssociateAsync();

        await peer.SendAsync(Convert.FromHexString("0400FFFFFFF0"));
        var received = await peer.ReadUntilClosedAsync();

        var abort = Assert.IsType<AAbort>(Assert.Single(received));
        Assert.Equal(AbortSource.ServiceProvider, abort.Source);
        Assert.Equal(0, server.Server.ActiveAssociations);
    }

    [Theory]
    [InlineData("A-ASSOCIATE-RQ again", "rq")]
    [InlineData("A-ASSOCIATE-AC from the requestor", "ac")]
    [InlineData("A-RELEASE-RP without request", "rp")]
    [InlineData("PDV on an unknown presentation context", "pdv")]
    [InlineData("data set without command", "data")]
    [InlineData("malformed command set", "cmd")]
    public async Task Server_IllegalPduWhenEstablished_AbortsThatAssociationOnly(string what, string kind)
    {
        await using var server = new LoopbackServer();
        await using var bystander = await DicomClient.ConnectAsync(server.Client(), DicomClient.ProposeFor([]), default);
        await using var peer = await RawPeer.ConnectAsync(server.Port);
        var ac = await peer.AssociateAsync();

        ProtocolDataUnit pdu = kind switch
        {
            "rq" => RawPeer.EchoRequest(),
            "ac" => ac,
            "rp" => AReleaseResponse.Instance,
            "pdv" => new PDataTransfer([new(9, true, true, new byte[] { 1, 2 })]),
            "data" => new PDataTransfer([new(1, false, true, new byte[] { 1, 2 })]),
            _ => new PDataTransfer([new(1, true, true, Convert.FromHexString("0800000002000000FFFF"))]),
        };
        await peer.SendAsync(pdu);
        var received = await peer.ReadUntilClosedAsync();

        Assert.True(received.Count == 1 && received[0] is AAbort, $"{what}: expected one A-ABORT, got {string.Join(", ", received)}");
        Assert.True((await bystander.EchoAsync(default)).IsSuccess);
        await bystander.ReleaseAsync(default);
    }

    [Fact]
    public async Task Server_PeerSilentBeforeRequest_ClosesWhenArtimExpires()
    {
        var clock = new ManualTimeProvider();
        await using var server = new LoopbackServer(new DicomServerOptions { AeTitle = "DSN-TEST", TimeProvider = clock, ArtimTimeout = TimeSpan.FromSeconds(10) });
        await using var peer = await RawPeer.ConnectAsync(server.Port);

        await clock.WaitForTimersAsync(1);
        clock.Advance(TimeSpan.FromSeconds(11));
        var received = await peer.ReadUntilClosedAsync();

        Assert.Empty(received); // AA-2: close the transport, no PDU (PS3.8 9.2.3, Sta2 + Evt18)
    }

    [Fact]
    public async Task Server_PeerStopsMidPdu_AbortsAtIdleTimeout()
    {
        var clock = new ManualTimeProvider();
        await using var server = new LoopbackServer(new DicomServerOptions { AeTitle = "DSN-TEST", TimeProvider = clock, IdleTimeout = TimeSpan.FromSeconds(30) });
        await using var peer = await RawPeer.ConnectAsync(server.Port);
        await peer.AssociateAsync();

        var half = PduEncoder.ToArray(new PDataTransfer([new(1, true, true, new byte[1000])]))[..500];
        await peer.SendAsync(half);
        // Server timers: ARTIM for the request, the send timer of the A-ASSOCIATE-AC, the idle timer of the read in progress.
        await clock.WaitForTimersAsync(3);
        clock.Advance(TimeSpan.FromSeconds(31));
        var received = await peer.ReadUntilClosedAsync();

        Assert.IsType<AAbort>(Assert.Single(received));
    }

    [Fact]
    public async Task Server_PeerNeverReleases_AbortsAtIdleTimeout()
    {
        var clock = new ManualTimeProvider();
        await using var server = new LoopbackServer(new DicomServerOptions { AeTitle = "DSN-TEST", TimeProvider = clock, IdleTimeout = TimeSpan.FromSeconds(30) });
        await using var peer = await RawPeer.ConnectAsync(server.Port);
        await peer.AssociateAsync();
        await peer.SendAsync(new PDataTransfer([new(1, true, true, Dicom.Network.Dimse.DimseCommand.CreateEchoRequest(1).Encode())]));
        Assert.IsType<PDataTransfer>(await peer.ReadPduAsync());

        // Server timers: ARTIM, AC send, idle read, C-ECHO-RSP send, then the idle read that must expire.
        await clock.WaitForTimersAsync(5);
        clock.Advance(TimeSpan.FromSeconds(31));
        var received = await peer.ReadUntilClosedAsync();

        Assert.IsType<AAbort>(Assert.Single(received));
        Assert.Equal(0, server.Server.ActiveAssociations);
    }

    [Fact]
    public async Task Server_PeerClosesMidPdu_KeepsServing()
    {
        await using var server = new LoopbackServer();
        await using (var peer = await RawPeer.ConnectAsync(server.Port))
        {
            await peer.AssociateAsync();
            var bytes = PduEncoder.ToArray(new PDataTransfer([new(1, true, true, new byte[100])]));
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(2), 100_000);
            await peer.SendAsync(bytes);
        }

        await using var client = await DicomClient.ConnectAsync(server.Client(), DicomClient.ProposeFor([]), default);
        Assert.True((await client.EchoAsync(default)).IsSuccess);
        await client.ReleaseAsync(default);
    }

    [Fact]
    public async Task Server_DataPduLongerThanNegotiatedMaximum_Aborts()
    {
        await using var server = new LoopbackServer(new DicomServerOptions { AeTitle = "DSN-TEST", MaxPduLength = 4096 });
        await using var peer = await RawPeer.ConnectAsync(server.Port);
        var ac = await peer.AssociateAsync();

        await peer.SendAsync(new PDataTransfer([new(1, true, true, new byte[5000])]));
        var received = await peer.ReadUntilClosedAsync();

        Assert.Equal(4096u, ac.UserInformation.MaxPduLength);
        Assert.IsType<AAbort>(Assert.Single(received));
    }
}
