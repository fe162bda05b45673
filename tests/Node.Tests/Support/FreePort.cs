using System.Net;
using System.Net.Sockets;

namespace DicomSegNode.Node.Tests.Support;

internal static class FreePort
{
    /// <summary>
    /// A loopback port the OS had free a moment ago, for third-party servers (Prometheus) that cannot
    /// bind port 0 and report it back. Our own servers bind 0 and report their port instead.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
