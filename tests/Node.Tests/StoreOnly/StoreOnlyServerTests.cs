using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Node.Commands;
using DicomSegNode.Node.StoreOnly;

namespace DicomSegNode.Node.Tests.StoreOnly;

/// <summary>`serve --store-only` with the `send` and `echo` verbs against it, as a PACS administrator would use them.</summary>
public sealed partial class StoreOnlyServerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dsn-storeonly-" + Guid.NewGuid().ToString("N"));

    public StoreOnlyServerTests()
    {
        Directory.CreateDirectory(_root);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task SendVerb_FolderToStoreOnlyServer_EveryInstanceWrittenAndExitZero()
    {
        var sources = WriteInstances(Path.Combine(_root, "src"), 5);
        await using var server = await RunningServer.StartAsync(Path.Combine(_root, "out"));

        var exit = await CommandLineApp.RunAsync(["send", Path.Combine(_root, "src"), "--host", "127.0.0.1", "--port", server.Port, "--called-aet", "DICOMSEGNODE"]);

        Assert.Equal(ExitCodes.Success, exit);
        foreach (var (uid, path) in sources)
        {
            var stored = DicomFile.Open(Path.Combine(_root, "out", uid + ".dcm"));
            Assert.Equal(DicomFile.Open(path).Dataset.GetBytes(DicomTags.PixelData).ToArray(), stored.Dataset.GetBytes(DicomTags.PixelData).ToArray());
        }
    }

    [Fact]
    public async Task SendVerb_OneFileIsNotDicom_OthersStoredAndExitOne()
    {
        var sources = WriteInstances(Path.Combine(_root, "src"), 2);
        await File.WriteAllTextAsync(Path.Combine(_root, "src", "notes.txt"), "not DICOM");
        await using var server = await RunningServer.StartAsync(Path.Combine(_root, "out"));

        var exit = await CommandLineApp.RunAsync(["send", Path.Combine(_root, "src"), "--host", "127.0.0.1", "--port", server.Port, "--called-aet", "DICOMSEGNODE"]);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.All(sources, s => Assert.True(File.Exists(Path.Combine(_root, "out", s.Uid + ".dcm"))));
    }

    [Fact]
    public async Task SendVerb_WrongCalledAeTitle_ExitOneAndNothingStored()
    {
        WriteInstances(Path.Combine(_root, "src"), 1);
        await using var server = await RunningServer.StartAsync(Path.Combine(_root, "out"));

        var exit = await CommandLineApp.RunAsync(["send", Path.Combine(_root, "src"), "--host", "127.0.0.1", "--port", server.Port, "--called-aet", "SOMEONE-ELSE"]);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "out"), "*.dcm"));
    }

    [Fact]
    public async Task EchoVerb_ToStoreOnlyServer_ExitZero()
    {
        await using var server = await RunningServer.StartAsync(Path.Combine(_root, "out"));

        var exit = await CommandLineApp.RunAsync(["echo", "--host", "127.0.0.1", "--port", server.Port, "--called-aet", "DICOMSEGNODE"]);

        Assert.Equal(ExitCodes.Success, exit);
    }

    [Fact]
    public async Task EchoVerb_NobodyListening_ExitOne()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var exit = await CommandLineApp.RunAsync(["echo", "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--timeout", "5"]);

        Assert.Equal(ExitCodes.Failure, exit);
    }

    [Fact]
    public async Task ServeVerb_StoreOnlyWithoutOut_ExitTwo()
    {
        Assert.Equal(ExitCodes.InvalidConfiguration, await CommandLineApp.RunAsync(["serve", "--store-only"]));
    }

    private static List<(string Uid, string Path)> WriteInstances(string folder, int count)
    {
        Directory.CreateDirectory(folder);
        var result = new List<(string, string)>();
        for (var i = 0; i < count; i++)
        {
            var ds = new DicomDataset();
            var uid = DicomUid.Generate();
            ds.SetUid(DicomTags.SOPClassUID, DicomUids.CTImageStorage);
            ds.SetUid(DicomTags.SOPInstanceUID, uid);
            ds.SetUInt16(DicomTags.Rows, 4);
            ds.SetUInt16(DicomTags.Columns, 4);
            ds.SetUInt16(DicomTags.BitsAllocated, 16);
            var pixels = new byte[32];
            new Random(i).NextBytes(pixels);
            ds.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels);
            var path = Path.Combine(folder, $"{i}.dcm");
            new DicomFile(ds, DicomTransferSyntax.ExplicitVRLittleEndian).Save(path);
            result.Add((uid, path));
        }

        return result;
    }

    [GeneratedRegex(@"listening on port (\d+)")]
    private static partial Regex ListeningLine();

    private sealed class RunningServer : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task<int>? _run;

        public string Port { get; private set; } = string.Empty;

        public static async Task<RunningServer> StartAsync(string output)
        {
            var server = new RunningServer();
            var writer = new SignallingWriter();
            server._run = StoreOnlyServer.RunAsync(new StoreOnlyOptions { OutputDirectory = output, Port = 0 }, writer, server._stop.Token);
            var line = await writer.FirstLine.Task.WaitAsync(TimeSpan.FromMinutes(1));
            server.Port = ListeningLine().Match(line).Groups[1].Value;
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            Assert.Equal(0, await _run!);
            _stop.Dispose();
        }
    }

    private sealed class SignallingWriter : StringWriter
    {
        public TaskCompletionSource<string> FirstLine { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Encoding Encoding => Encoding.UTF8;

        public override Task WriteLineAsync(string? value)
        {
            FirstLine.TrySetResult(value ?? string.Empty);
            return base.WriteLineAsync(value);
        }
    }
}
