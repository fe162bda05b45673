using System.Net;
using System.Text.Json;
using DicomSegNode.Node.Health;
using DicomSegNode.Node.Hosting;
using DicomSegNode.Node.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DicomSegNode.Node.Tests.Hosting;

/// <summary>The HTTP endpoints of a node running in this process on a free loopback port.</summary>
public sealed class NodeEndpointsTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly ToggleReadiness _component = new();
    private readonly HttpClient _http = new();
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var configuration = NodeConfiguration.Build(null, new Dictionary<string, string?>
        {
            ["Http:Port"] = "0",
            ["Http:BindAddress"] = "127.0.0.1",
            ["Storage:DataDir"] = _data.Path,
        }, workingDirectory: _data.Path);
        _app = NodeHost.Build(configuration, services =>
        {
            services.AddSingleton(_component);
            services.AddReadinessCheck<ToggleReadiness>("test-component");
        });
        await _app.StartAsync();
        _http.BaseAddress = NodeHost.HttpAddress(_app);
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Healthz_Running_Returns200()
    {
        var response = await _http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readyz_EveryComponentReady_Returns200ListingThem()
    {
        var response = await _http.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var components = json.RootElement.GetProperty("components");
        Assert.Equal("Healthy", components.GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("Healthy", components.GetProperty("lifecycle").GetProperty("status").GetString());
        Assert.Equal("Healthy", components.GetProperty("test-component").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readyz_ComponentNotReady_Returns503NamingItWhileHealthzStays200()
    {
        _component.Ready = false;

        var ready = await _http.GetAsync(new Uri("/readyz", UriKind.Relative));
        var live = await _http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var component = json.RootElement.GetProperty("components").GetProperty("test-component");
        Assert.Equal("Unhealthy", component.GetProperty("status").GetString());
        Assert.Equal("models still loading", component.GetProperty("description").GetString());

        _component.Ready = true;
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Readyz_DataDirectoryReplacedByFile_Returns503ForStorage()
    {
        Directory.Delete(_data.Path, recursive: true);
        await File.WriteAllTextAsync(_data.Path, "not a directory");
        try
        {
            var ready = await _http.GetAsync(new Uri("/readyz", UriKind.Relative));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
            Assert.Equal("Unhealthy", json.RootElement.GetProperty("components").GetProperty("storage").GetProperty("status").GetString());
        }
        finally
        {
            File.Delete(_data.Path);
            Directory.CreateDirectory(_data.Path);
        }
    }

    [Fact]
    public async Task Metrics_Scrape_PassesPromtoolCheck()
    {
        // Two scrapes so that the scrape-duration histogram has a value in the second.
        await _http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var response = await _http.GetAsync(new Uri("/metrics", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var (exitCode, stdout, stderr) = await ExternalTool.RunAsync("promtool", ["check", "metrics"], stdin: body);
        Assert.True(exitCode == 0 && stdout.Length == 0 && stderr.Length == 0, $"promtool: exit {exitCode}\n{stdout}\n{stderr}\n---\n{body}");
    }

    [Fact]
    public async Task Metrics_Scrape_IncludesBuildProcessAndRuntimeMetrics()
    {
        var body = await _http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Matches(@"(?m)^dicomsegnode_build_info\{commit=""[0-9a-f]+"",version=""\d+\.\d+\.\d+""\} 1$", body);
        Assert.Matches(@"(?m)^dotnet_process_cpu_time_seconds_total\{cpu_mode=""user""\} [0-9.e+-]+$", body);
        Assert.Matches(@"(?m)^dotnet_process_memory_working_set_bytes [1-9][0-9]*$", body);
        Assert.Matches(@"(?m)^dotnet_thread_pool_thread_count_total [0-9]+$", body);
        Assert.Matches(@"(?m)^dotnet_assembly_count_current [1-9][0-9]*$", body);
        Assert.Matches(@"(?m)^dotnet_gc_heap_total_allocated_bytes_total [1-9][0-9]*$", body);
    }

    [Fact]
    public async Task Metrics_ManyConcurrentScrapes_AllCompleteWithFullExposition()
    {
        var scrapes = Enumerable.Range(0, 24).Select(_ => _http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        var bodies = await Task.WhenAll(scrapes);

        Assert.All(bodies, body => Assert.Contains("dicomsegnode_build_info{", body));
    }

    private sealed class ToggleReadiness : IHealthCheck
    {
        public volatile bool Ready = true;

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(Ready ? HealthCheckResult.Healthy("loaded") : HealthCheckResult.Unhealthy("models still loading"));
    }
}
