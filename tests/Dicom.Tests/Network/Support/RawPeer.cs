using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using DicomSegNode.Dicom.Network;
using DicomSegNode.Dicom.Network.Pdu;

namespace DicomSegNode.Dicom.Tests.Network.Support;

/// <summary>A hand-driven peer on a raw socket: sends whatever bytes a test wants (hostile ones included) and reads
/// PDUs back without any protocol logic of ours in between.</summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawPeer(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawPeer> ConnectAsync(int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        return new RawPeer(client);
    }

    public static AAssociateRequest EchoRequest(string called = "DSN-TEST") => new()
    {
        CalledAeTitle = called,
        CallingAeTitle = "RAW-PEER",
        PresentationContexts = [new(1, NetworkUids.Verification, [NetworkUids.ImplicitVrLittleEndian])],
        UserInformation = new UserInformation { MaxPduLength = 16384, ImplementationClassUid = "1.2.3" },
    };

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    public Task SendAsync(ProtocolDataUnit pdu) => SendAsync(PduEncoder.ToArray(pdu));

    /// <summary>Sends an A-ASSOCIATE-RQ for Verification and returns the AC.</summary>
    public async Task<AAssociateAccept> AssociateAsync(string called = "DSN-TEST")
    {
        await SendAsync(EchoRequest(called));
        return Assert.IsType<AAssociateAccept>(await ReadPduAsync());
    }

    /// <summary>Reads one whole PDU, or null at end of stream.</summary>
    public async Task<ProtocolDataUnit?> ReadPduAsync()
    {
        var header = new byte[6];
        if (await _stream.ReadAtLeastAsync(header, 6, throwOnEndOfStream: false) < 6)
        {
            return null;
        }

        var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
        await _stream.ReadExactlyAsync(body);
        return PduDecoder.Decode((byte[])[.. header, .. body]);
    }

    /// <summary>Reads PDUs until the server closes the connection; returns them.</summary>
    public async Task<List<ProtocolDataUnit>> ReadUntilClosedAsync()
    {
        var pdus = new List<ProtocolDataUnit>();
        try
        {
            while (await ReadPduAsync() is { } pdu)
            {
                pdus.Add(pdu);
            }
        }
        catch (IOException)
        {
            // Reset by the server after its abort: closed as well.
        }

        return pdus;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
