using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DicomSegNode.Node.Tests.Support;

namespace DicomSegNode.Node.Tests.Hosting;

/// <summary>A real Prometheus server (Debian package <c>prometheus</c>) scrapes the running node.</summary>
public sealed class RealPrometheusTests
{
    [Fact]
    public async Task Prometheus_ScrapesNode_SeriesReadableThroughQueryApi()
    {
        using var dir = new TempDirectory();
        await using var node = NodeProcess.Start(["serve", "--metrics-port", "0", "--port", "0", "--data-dir", dir.Combine("data"), "--set", "Http:BindAddress=127.0.0.1"]);
        var nodeAddress = await node.HttpAddressAsync(TimeSpan.FromSeconds(60));

        var promPort = FreePort.Next();
        var config = dir.Combine("prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: dicomsegnode
                static_configs:
                  - targets: ['127.0.0.1:{nodeAddress.Port}']
            """);
        using var prometheus = Process.Start(new ProcessStartInfo("prometheus")
        {
            ArgumentList =
            {
                $"--config.file={config}",
                $"--storage.tsdb.path={dir.Combine("tsdb")}",
                $"--web.listen-address=127.0.0.1:{promPort}",
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var promLog = prometheus.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{promPort}") };
            var deadline = DateTime.UtcNow.AddSeconds(90);
            JsonElement result = default;
            while (DateTime.UtcNow < deadline)
            {
                // Waiting for Prometheus's first scrape to land, a condition with a deadline, not a fixed sleep.
                try
                {
                    using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/v1/query?query=dicomsegnode_build_info", UriKind.Relative)));
                    var series = json.RootElement.GetProperty("data").GetProperty("result");
                    if (series.GetArrayLength() > 0)
                    {
                        result = series[0].Clone();
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // Prometheus is still starting.
                }

                await Task.Delay(250);
            }

            Assert.True(result.ValueKind == JsonValueKind.Object, "Prometheus never returned the series; its log:\n" + (prometheus.HasExited ? await promLog : "(running)"));
            Assert.Equal("dicomsegnode", result.GetProperty("metric").GetProperty("job").GetString());
            Assert.Equal("1", result.GetProperty("value")[1].GetString());

            using var up = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/v1/query?query=up{job=\"dicomsegnode\"}", UriKind.Relative)));
            Assert.Equal("1", up.RootElement.GetProperty("data").GetProperty("result")[0].GetProperty("value")[1].GetString());
            using var cpu = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/v1/query?query=sum(dotnet_process_cpu_time_seconds_total)", UriKind.Relative)));
            var cpuSeconds = double.Parse(cpu.RootElement.GetProperty("data").GetProperty("result")[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
            Assert.True(cpuSeconds > 0);
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
        }
    }
}
