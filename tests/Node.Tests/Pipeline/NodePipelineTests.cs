using System.Diagnostics;
using System.Globalization;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Node.Hosting;
using DicomSegNode.Node.Pipeline;
using DicomSegNode.Node.Series;
using DicomSegNode.Node.Tests.Support;
using DicomSegNode.Seg2DicomSeg.Sop;
using DicomSegNode.Segmentation.Phantom;
using Microsoft.AspNetCore.Builder;

namespace DicomSegNode.Node.Tests.Pipeline;

/// <summary>
/// The node end to end with real peers: dcmtk storescu plays the PACS sending a CT series, dcmtk storescp plays the
/// PACS receiving the result; the node runs in this process with the hand-built threshold models (known output).
/// </summary>
public sealed class NodePipelineTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private Process? _storescp;
    private int _storescpPort;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir.Combine("pacs"));
        _storescpPort = FreePort.Next();
        _storescp = Process.Start(new ProcessStartInfo("storescp", ["--fork", "-aet", "PACS", "-od", _dir.Combine("pacs"), "+xa", _storescpPort.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        foreach (var (from, to) in new[] { ("liver-threshold", "liver"), ("vessel-threshold", "vessel") })
        {
            var target = Directory.CreateDirectory(_dir.Combine("models", to)).FullName;
            foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "cascade", from)))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_storescp is { HasExited: false })
        {
            _storescp.Kill(entireProcessTree: true);
            await _storescp.WaitForExitAsync();
        }

        _storescp?.Dispose();
        _dir.Dispose();
    }

    private WebApplication StartNode(string dataDir, int quietSeconds = 3)
    {
        var configuration = NodeConfiguration.Build(null, new Dictionary<string, string?>
        {
            ["Dicom:Port"] = "0",
            ["Dicom:BindAddress"] = "127.0.0.1",
            ["Http:Port"] = "0",
            ["Http:BindAddress"] = "127.0.0.1",
            ["Storage:DataDir"] = dataDir,
            ["Pipeline:QuietPeriodSeconds"] = quietSeconds.ToString(CultureInfo.InvariantCulture),
            ["Pipeline:ModelsDir"] = _dir.Combine("models"),
            ["Pipeline:Device"] = "cpu",
            ["Delivery:Destinations:0:Name"] = "pacs",
            ["Delivery:Destinations:0:Host"] = "127.0.0.1",
            ["Delivery:Destinations:0:Port"] = _storescpPort.ToString(CultureInfo.InvariantCulture),
            ["Delivery:Destinations:0:AeTitle"] = "PACS",
            ["Delivery:InitialDelaySeconds"] = "0.2",
            ["Delivery:MaxDelaySeconds"] = "1",
        }, workingDirectory: _dir.Path);
        Assert.Empty(NodeConfiguration.Validate(configuration));
        return NodeHost.Build(configuration, services => services.AddDicomNode());
    }

    private static int DicomPort(WebApplication app) => ((DicomListenerService)app.Services.GetService(typeof(DicomListenerService))!).Port;

    private static IReadOnlyList<string> WritePhantomSeries(string folder, int seed)
    {
        var phantom = PhantomGenerator.Generate(new PhantomOptions { Seed = seed, Matrix = 96, Slices = 24 });
        CtSeriesWriter.Write(phantom.Ct, folder, new CtSeriesOptions { UidSeed = $"pipeline-test-{seed}" });
        return [.. Directory.GetFiles(folder, "*.dcm").Order(StringComparer.Ordinal)];
    }

    private static async Task<(int ExitCode, string Output)> StoreScuAsync(int port, IEnumerable<string> files)
    {
        var (exitCode, stdout, stderr) = await ExternalTool.RunAsync("storescu", ["-v", "-aec", "DICOMSEGNODE", "-aet", "TESTPACS", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), .. files]);
        return (exitCode, stdout + stderr);
    }

    private static async Task<string> WaitForFileAsync(string folder, string pattern, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            // Waiting for the node's asynchronous result, a condition with a deadline.
            var found = Directory.Exists(folder) ? Directory.GetFiles(folder, pattern, SearchOption.AllDirectories) : [];
            if (found.Length > 0)
            {
                await Task.Delay(200);
                return found[0];
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no {pattern} in {folder} after {timeout.TotalSeconds} s");
    }

    [Fact]
    public async Task Node_SeriesFromPacs_SegStoredBackToPacsReferencingTheSeries()
    {
        var files = WritePhantomSeries(_dir.Combine("ct"), seed: 3);
        await using var node = StartNode(_dir.Combine("data"));
        await node.StartAsync();

        var (exitCode, output) = await StoreScuAsync(DicomPort(node), files);
        Assert.True(exitCode == 0, output);
        var segPath = await WaitForFileAsync(_dir.Combine("pacs"), "*", TimeSpan.FromSeconds(180));

        var seg = DicomFile.Open(segPath).Dataset;
        var source = DicomFile.Open(files[0], new DicomReadOptions { StopBeforeTag = DicomTags.PixelData }).Dataset;
        Assert.Equal(DicomUids.SegmentationStorage, seg.GetUid(DicomTags.SOPClassUID));
        Assert.Equal(source.GetUid(DicomTags.StudyInstanceUID), seg.GetUid(DicomTags.StudyInstanceUID));
        Assert.Equal(source.GetUid(DicomTags.FrameOfReferenceUID), seg.GetUid(DicomTags.FrameOfReferenceUID));
        var referenced = seg.GetSequence(DicomTags.ReferencedSeriesSequence)!;
        Assert.Equal(source.GetUid(DicomTags.SeriesInstanceUID), referenced[0].GetUid(DicomTags.SeriesInstanceUID));

        // The threshold liver model marks HU >= 80 as liver: the phantom's contrast-enhanced liver is among that.
        var decoded = SegmentationReader.Read(seg);
        var sources = files.Select(f => DicomFile.Open(f, new DicomReadOptions { StopBeforeTag = DicomTags.PixelData }).Dataset).ToList();
        var masks = decoded.ToSourceGrid(sources);
        Assert.Equal(3, decoded.Segments.Count);
        Assert.True(masks[1].Count(v => v != 0) > 1000, "liver mask nearly empty");

        // The node's own record: results/ holds the SEG, the outbox is empty, the sources are gone.
        Assert.Single(Directory.GetFiles(_dir.Combine("data", "results"), "*.dcm"));
        Assert.Empty(Directory.GetFiles(_dir.Combine("data", "outbox", "pacs")));
        Assert.Empty(Directory.GetDirectories(_dir.Combine("data", "series")));
        Assert.Empty(Directory.GetDirectories(_dir.Combine("data", "work")));
        Assert.Equal(files.Count, Directory.GetFiles(Directory.GetDirectories(_dir.Combine("data", "done")).Single()).Length);

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri(NodeHost.HttpAddress(node), "/metrics"));
        Assert.Contains($"dicomsegnode_instances_received_total {files.Count}\n", metrics);
        Assert.Contains("dicomsegnode_series_total{outcome=\"segmented\"} 1\n", metrics);
        Assert.Contains("dicomsegnode_deliveries_total{destination=\"pacs\",outcome=\"delivered\"} 1\n", metrics);
        Assert.Contains("dicomsegnode_stage_duration_seconds_count{stage=\"assembly\"} 1\n", metrics);
        await node.StopAsync();
    }

    [Fact]
    public async Task Node_StoppedBeforeSeriesWentQuiet_ResumesAfterRestartAndDelivers()
    {
        var files = WritePhantomSeries(_dir.Combine("ct"), seed: 5);
        var data = _dir.Combine("data");
        await using (var first = StartNode(data, quietSeconds: 3600))
        {
            await first.StartAsync();
            var (exitCode, output) = await StoreScuAsync(DicomPort(first), files);
            Assert.True(exitCode == 0, output);
            await first.StopAsync();
        }

        // Everything acknowledged is in the spool, waiting for its series to go quiet.
        Assert.Equal(files.Count, Directory.GetFiles(Directory.GetDirectories(Path.Combine(data, "series")).Single()).Length);

        await using var second = StartNode(data);
        await second.StartAsync();
        var segPath = await WaitForFileAsync(_dir.Combine("pacs"), "*", TimeSpan.FromSeconds(180));
        Assert.Equal(DicomUids.SegmentationStorage, DicomFile.Open(segPath).Dataset.GetUid(DicomTags.SOPClassUID));
        await second.StopAsync();
    }

    [Fact]
    public async Task Node_InstancesLeftInIncomingByACrash_FiledAtStartAndSegmented()
    {
        var files = WritePhantomSeries(_dir.Combine("ct"), seed: 6);
        var incoming = Directory.CreateDirectory(_dir.Combine("data", "incoming")).FullName;
        foreach (var file in files)
        {
            var sop = DicomFile.Open(file, new DicomReadOptions { StopBeforeTag = DicomTags.PixelData }).Dataset.GetUid(DicomTags.SOPInstanceUID)!;
            File.Copy(file, Path.Combine(incoming, sop + ".dcm"));
        }

        await File.WriteAllTextAsync(Path.Combine(incoming, "2.25.1.unfinished.part"), "half an instance");

        await using var node = StartNode(_dir.Combine("data"));
        await node.StartAsync();
        var segPath = await WaitForFileAsync(_dir.Combine("pacs"), "*", TimeSpan.FromSeconds(180));

        Assert.Equal(DicomUids.SegmentationStorage, DicomFile.Open(segPath).Dataset.GetUid(DicomTags.SOPClassUID));
        Assert.Empty(Directory.GetFiles(incoming));
        await node.StopAsync();
    }

    [Fact]
    public async Task Node_InstanceWithoutSeriesUid_RefusedAndNothingParked()
    {
        var files = WritePhantomSeries(_dir.Combine("ct"), seed: 7);
        var bad = DicomFile.Open(files[0]);
        bad.Dataset.Remove(DicomTags.SeriesInstanceUID);
        var badPath = _dir.Combine("bad.dcm");
        bad.Save(badPath);
        await using var node = StartNode(_dir.Combine("data"), quietSeconds: 3600);
        await node.StartAsync();

        var (_, output) = await StoreScuAsync(DicomPort(node), [badPath]);

        Assert.Contains("Received Store Response (Error: DataSetDoesNotMatchSOPClass)", output);
        Assert.Empty(Directory.GetDirectories(_dir.Combine("data", "series")));
        Assert.Empty(Directory.GetFiles(_dir.Combine("data", "incoming"), "*.dcm"));
        await node.StopAsync();
    }

    [Fact]
    public async Task Node_SeriesThatIsNotCt_RejectedWithReasonFile()
    {
        var files = WritePhantomSeries(_dir.Combine("ct"), seed: 9);
        var mrFiles = new List<string>();
        foreach (var file in files.Take(5))
        {
            var instance = DicomFile.Open(file);
            instance.Dataset.SetString(DicomTags.Modality, DicomVR.CS, "MR");
            var path = _dir.Combine("mr-" + Path.GetFileName(file));
            instance.Save(path);
            mrFiles.Add(path);
        }

        await using var node = StartNode(_dir.Combine("data"));
        await node.StartAsync();
        var (exitCode, output) = await StoreScuAsync(DicomPort(node), mrFiles);
        Assert.True(exitCode == 0, output);

        var reason = await WaitForFileAsync(_dir.Combine("data", "rejected"), "reason.txt", TimeSpan.FromSeconds(60));
        Assert.Contains("not_ct:", await File.ReadAllTextAsync(reason));
        Assert.Empty(Directory.GetFiles(_dir.Combine("pacs")));
        await node.StopAsync();
    }
}
