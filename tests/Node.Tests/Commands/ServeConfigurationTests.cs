using DicomSegNode.Node.Commands;
using DicomSegNode.Node.Tests.Support;

namespace DicomSegNode.Node.Tests.Commands;

/// <summary>Every invalid setting stops `serve` with exit code 2 and one line naming the setting.</summary>
public sealed class ServeConfigurationTests
{
    public static TheoryData<string[], string> InvalidSettings => new()
    {
        { ["--port", "70000"], "Dicom:Port: must be a TCP port between 0 and 65535 (was 70000)" },
        { ["--ae-title", "AN_AE_TITLE_LONGER_THAN_16"], "Dicom:AeTitle: must be 1 to 16 characters (was 26)" },
        { ["--ae-title", "BAD\\AE"], "Dicom:AeTitle: 'BAD\\AE' contains a backslash" },
        { ["--metrics-port", "-1"], "Http:Port: must be a TCP port between 0 and 65535 (was -1)" },
        { ["--set", "Http:BindAddress=example.org"], "Http:BindAddress: 'example.org' is not an IP address" },
        { ["--set", "Dicom:BindAddress=300.1.1.1"], "Dicom:BindAddress: '300.1.1.1' is not an IP address" },
        { ["--set", "Dicom:MaxAssociations=0"], "Dicom:MaxAssociations: must be between 1 and 1024 (was 0)" },
        { ["--set", "Dicom:Port=eleven"], "Dicom:Port: 'eleven' is not a valid value" },
        { ["--set", "Dicom:Prot=104"], "Dicom:Prot: not a known setting (the Dicom section has AeTitle, Port, BindAddress, MaxAssociations, TlsCertificate, TlsKey, TlsClientCa)" },
        { ["--set", "Host:ShutdownTimeoutSeconds=0"], "Host:ShutdownTimeoutSeconds: must be between 1 and 3600 (was 0)" },
        { ["--set", "Telemetry:OtlpEndpoint=ftp://collector"], "Telemetry:OtlpEndpoint: 'ftp://collector' is not an absolute http:// or https:// address" },
        { ["--set", "Telemetry:OtlpProtocol=udp"], "Telemetry:OtlpProtocol: 'udp' is not one of grpc, http/protobuf" },
        { ["--set", "Telemetry:OtlpExportIntervalSeconds=0"], "Telemetry:OtlpExportIntervalSeconds: must be between 1 and 3600 (was 0)" },
        { ["--data-dir", " "], "Storage:DataDir: must not be empty" },
        { ["--set", "no-equals-sign"], "--set 'no-equals-sign': expected Section:Key=Value" },
        { ["--tls-cert", "/nonexistent/server.pem"], "Dicom:TlsCertificate: '/nonexistent/server.pem' does not exist" },
        { ["--set", "Pipeline:Device=gpu"], "Pipeline:Device: 'gpu' is not one of auto, cpu, cuda" },
        { ["--set", "Pipeline:QuietPeriodSeconds=0"], "Pipeline:QuietPeriodSeconds: must be between 1 and 86400 (was 0)" },
        { ["--set", "Delivery:Destinations:0:Name=pacs", "--set", "Delivery:Destinations:0:Host=pacs.local", "--set", "Delivery:Destinations:0:Port=104"], "Delivery:Destinations:0:AeTitle: must be 1 to 16 characters (was 0)" },
        { ["--set", "Delivery:MaxAttempts=0"], "Delivery:MaxAttempts: must be between 1 and 1000 (was 0)" },
        { ["--config-file", "/nonexistent/dicomsegnode.json"], "--config-file: '/nonexistent/dicomsegnode.json' does not exist" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task Serve_InvalidSetting_ExitsTwoWithOneLineNamingIt(string[] args, string expected)
    {
        using var data = new TempDirectory();
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        // A setting that wrongly passed validation would start the node: the timeout turns that into a failure, not a hang.
        var exitCode = await CommandLineApp.RunAsync(["serve", "--set", $"Storage:DataDir={data.Path}", "--set", "Http:Port=0", "--set", "Dicom:Port=0", .. args], stdout, stderr)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExitCodes.InvalidConfiguration, exitCode);
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("dicomsegnode: configuration error: ", line);
        Assert.Contains(expected, line);
    }

    [Fact]
    public async Task Serve_UnknownOptionOrRepeatedOption_ExitsTwo()
    {
        var stderr = new StringWriter();

        var exitCode = await CommandLineApp.RunAsync(["serve", "--port", "1", "--port", "2"], new StringWriter(), stderr);

        Assert.Equal(ExitCodes.InvalidConfiguration, exitCode);
        Assert.Contains("--port", stderr.ToString());
    }

    [Fact]
    public async Task Serve_DataDirIsAFile_ExitsTwo()
    {
        using var data = new TempDirectory();
        var file = data.Combine("not-a-directory");
        await File.WriteAllTextAsync(file, "x");
        var stderr = new StringWriter();

        var exitCode = await CommandLineApp.RunAsync(["serve", "--data-dir", file, "--metrics-port", "0"], new StringWriter(), stderr)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExitCodes.InvalidConfiguration, exitCode);
        Assert.Contains($"Storage:DataDir: '{file}' is a file, not a directory", stderr.ToString());
    }

    [Fact]
    public async Task Serve_InvalidConfigFileJson_ExitsTwo()
    {
        using var data = new TempDirectory();
        var file = data.Combine("bad.json");
        await File.WriteAllTextAsync(file, "{ \"Dicom\": { \"Port\": ");
        var stderr = new StringWriter();

        var exitCode = await CommandLineApp.RunAsync(["serve", "--data-dir", data.Path, "--metrics-port", "0", "--config-file", file], new StringWriter(), stderr)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExitCodes.InvalidConfiguration, exitCode);
        Assert.Contains("configuration file is not valid JSON", stderr.ToString());
    }

    [Fact]
    public async Task Process_InvalidEnvironmentVariable_ExitsTwoNamingTheSetting()
    {
        using var data = new TempDirectory();
        await using var node = NodeProcess.Start(["--data-dir", data.Path], new Dictionary<string, string> { ["DICOMSEG_Http__Port"] = "99999" });

        var exitCode = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Equal("dicomsegnode: configuration error: Http:Port: must be a TCP port between 0 and 65535 (was 99999)", node.StandardError.Trim());
    }

    [Fact]
    public void WithDefaultVerb_NoVerbOrOptionsOnly_RunsServe()
    {
        Assert.Equal(["serve"], CommandLineApp.WithDefaultVerb([]));
        Assert.Equal(["serve", "--port", "104"], CommandLineApp.WithDefaultVerb(["--port", "104"]));
        Assert.Equal(["--version"], CommandLineApp.WithDefaultVerb(["--version"]));
        Assert.Equal(["serve", "--help"], CommandLineApp.WithDefaultVerb(["serve", "--help"]));
    }

    [Fact]
    public async Task Version_PrintsVersionAndCommit()
    {
        var (exitCode, stdout, _) = await NodeProcess.RunAsync("--version");

        Assert.Equal(0, exitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+\+[0-9a-f]{7,40}\s*$", stdout);
    }
}
