using DicomSegNode.Node.Hosting;
using DicomSegNode.Node.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DicomSegNode.Node.Tests.Hosting;

/// <summary>With <c>Telemetry:OtlpEndpoint</c> set, the node pushes its metrics over OTLP (http/protobuf) to a collector.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Node_OtlpEndpointConfigured_PushesProtobufMetricsToCollector()
    {
        var received = new TaskCompletionSource<(string ContentType, byte[] Body)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var collectorBuilder = WebApplication.CreateSlimBuilder();
        collectorBuilder.Logging.ClearProviders();
        collectorBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var collector = collectorBuilder.Build();
        collector.MapPost("/v1/metrics", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.TrySetResult((context.Request.ContentType ?? "", body.ToArray()));
            return Microsoft.AspNetCore.Http.Results.Ok();
        });
        await collector.StartAsync();
        var collectorAddress = collector.Urls.First();

        using var data = new TempDirectory();
        var configuration = NodeConfiguration.Build(null, new Dictionary<string, string?>
        {
            ["Http:Port"] = "0",
            ["Http:BindAddress"] = "127.0.0.1",
            ["Storage:DataDir"] = data.Path,
            ["Telemetry:OtlpEndpoint"] = $"{collectorAddress}/v1/metrics",
            ["Telemetry:OtlpProtocol"] = "http/protobuf",
            ["Telemetry:OtlpExportIntervalSeconds"] = "1",
        }, workingDirectory: data.Path);
        Assert.Empty(NodeConfiguration.Validate(configuration));
        await using var node = NodeHost.Build(configuration);
        await node.StartAsync();

        var (contentType, payload) = await received.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("application/x-protobuf", contentType);
        // The protobuf carries metric names as plain UTF-8 strings: the node's build-info gauge is among them.
        Assert.Contains("dicomsegnode.build.info", System.Text.Encoding.UTF8.GetString(payload));
        await node.StopAsync();
        await collector.StopAsync();
    }
}
