using System.Net;
using DicomSegNode.Dicom.Network;
using DicomSegNode.Dicom.Network.Services;

namespace DicomSegNode.Dicom.Tests.Network.Support;

/// <summary>Our SCP on 127.0.0.1 port 0 with a file store handler in a scratch folder.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TempFolder _folder = new();

    public LoopbackServer(DicomServerOptions? options = null, ICStoreHandler? handler = null)
    {
        Store = new FileStoreHandler(_folder.Sub("store"), flushToDisk: false);
        Server = DicomServer.Start(new IPEndPoint(IPAddress.Loopback, 0), options ?? new DicomServerOptions { AeTitle = "DSN-TEST" }, handler ?? Store);
    }

    public DicomServer Server { get; }

    public FileStoreHandler Store { get; }

    public int Port => Server.LocalEndPoint.Port;

    public string StoreFolder => Path.Combine(_folder.Path, "store");

    public DicomClientOptions Client(string called = "DSN-TEST", string calling = "TEST-SCU") =>
        new() { Host = "127.0.0.1", Port = Port, CalledAeTitle = called, CallingAeTitle = calling };

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _folder.Dispose();
    }
}
