using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DicomSegNode.Dicom.Tests.Network.Support;

/// <summary>Debian dcmtk peers (echoscu, storescu, storescp), installed by scripts/test.sh.</summary>
internal static class Dcmtk
{
    public static Task<ExternalProcess.Result> EchoScuAsync(int port, params string[] extra) =>
        ExternalProcess.RunAsync("echoscu", [.. extra, "127.0.0.1", port.ToString(CultureInfo.InvariantCulture)]);

    public static Task<ExternalProcess.Result> StoreScuAsync(int port, IEnumerable<string> extra, IEnumerable<string> files) =>
        ExternalProcess.RunAsync("storescu", [.. extra, "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), .. files]);

    /// <summary>Starts storescp on a free loopback port accepting every transfer syntax it knows (+xa) and writing bit-preserving files (+B) into <paramref name="folder"/>,
    /// and returns once it listens.</summary>
    public static async Task<(Process Process, int Port)> StartStoreScpAsync(string folder, params string[] extra)
    {
        // storescp cannot bind port 0 and report it: take a free port from the OS, then wait for storescp to listen on it.
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        var process = ExternalProcess.Start("storescp", [.. extra, "-od", folder, "+B", "+xa", "-aet", "STORESCP", port.ToString(CultureInfo.InvariantCulture)]);
        await WaitUntilListeningAsync(port, process);
        return (process, port);
    }

    public static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        process.Dispose();
    }

    private static async Task WaitUntilListeningAsync(int port, Process process)
    {
        // Readiness of an external process, read from the kernel's socket table (a connect would start an association).
        var hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"storescp exited with {process.ExitCode} before listening.");
            }

            foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
            {
                if (File.Exists(table) && File.ReadLines(table).Skip(1).Any(l => IsListening(l, hexPort)))
                {
                    return;
                }
            }

            await Task.Delay(20);
        }

        throw new InvalidOperationException($"storescp did not listen on port {port}.");
    }

    private static bool IsListening(string line, string hexPort)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 3 && fields[1].EndsWith(":" + hexPort, StringComparison.Ordinal) && fields[3] == "0A";
    }
}
