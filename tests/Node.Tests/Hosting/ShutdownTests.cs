using System.Net;
using DicomSegNode.Node.Tests.Support;

namespace DicomSegNode.Node.Tests.Hosting;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Serve_Sigterm_DrainsAndExitsZero()
    {
        using var dir = new TempDirectory();
        await using var node = NodeProcess.Start(["--metrics-port", "0", "--port", "0", "--data-dir", dir.Path, "--set", "Host:ShutdownTimeoutSeconds=5"]);
        var address = await node.HttpAddressAsync(TimeSpan.FromSeconds(60));
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(address, "/healthz"))).StatusCode);

        node.SendSigterm();
        var exitCode = await node.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);
        Assert.Contains("Stopping: finishing in-flight work for up to 5 s", node.StandardOutput);
        Assert.Contains("Stopped", node.StandardOutput);
    }

    [Fact]
    public async Task Serve_NoModelPackages_NotReadyNamingModelsButListening()
    {
        using var dir = new TempDirectory();
        await using var node = NodeProcess.Start(["--metrics-port", "0", "--port", "0", "--data-dir", dir.Path, "--set", $"Pipeline:ModelsDir={dir.Combine("no-models")}"]);
        var address = await node.HttpAddressAsync(TimeSpan.FromSeconds(60));
        using var http = new HttpClient();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!node.StandardOutput.Contains("Models not loaded", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            // The models are loaded in the background after start: wait (with a deadline) until that attempt was made.
            await Task.Delay(100);
        }

        var ready = await http.GetAsync(new Uri(address, "/readyz"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.Content.ReadAsStringAsync();
        Assert.Contains("\"models\":{\"status\":\"Unhealthy\"", body);
        Assert.Contains("\"dicom-listener\":{\"status\":\"Healthy\"", body);
    }

    [Fact]
    public async Task Serve_HttpPortInUse_ExitsOneNamingTheProblem()
    {
        using var dir = new TempDirectory();
        using var blocker = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;

        await using var node = NodeProcess.Start(["--metrics-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--port", "0", "--data-dir", dir.Path, "--set", "Http:BindAddress=127.0.0.1"]);
        var exitCode = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains("dicomsegnode: cannot listen:", node.StandardError);
    }
}
