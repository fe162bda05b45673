using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using DicomSegNode.Node.Configuration;
using DicomSegNode.Node.Hosting;
using DicomSegNode.Node.Pipeline;
using DicomSegNode.Node.StoreOnly;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DicomSegNode.Node.Commands;

/// <summary><c>dicomsegnode serve</c>: runs the node until SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int?>("--port") { Description = "DICOM listener port (Dicom:Port)." };
        var aeTitle = new Option<string?>("--ae-title", "--aet") { Description = "The node's AE title (Dicom:AeTitle)." };
        var metricsPort = new Option<int?>("--metrics-port") { Description = "HTTP port for /healthz, /readyz, /metrics (Http:Port); 0 picks a free port and the log names it." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Directory for spool, journal and outputs (Storage:DataDir)." };
        var configFile = new Option<string?>("--config-file") { Description = "JSON configuration file (default: appsettings.json in the working directory, when present)." };
        var settings = new Option<string[]>("--set")
        {
            Description = "Any setting as Section:Key=Value, repeatable (e.g. --set Host:ShutdownTimeoutSeconds=60).",
            AllowMultipleArgumentsPerToken = false,
        };

        var storeOnly = new Option<bool>("--store-only") { Description = "Only receive instances over C-STORE and write them to --out: a routing test from the PACS, nothing else runs." };
        var output = new Option<string?>("--out") { Description = "Folder the instances go to with --store-only (<SOP Instance UID>.dcm)." };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "PEM server certificate: DICOM TLS instead of plain TCP (Dicom:TlsCertificate)." };
        var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key of --tls-cert (Dicom:TlsKey)." };
        var tlsClientCa = new Option<string?>("--tls-client-ca") { Description = "PEM CA bundle: peers must present a certificate that chains to it (Dicom:TlsClientCa)." };
        var noFsync = new Option<bool>("--no-fsync") { Description = "With --store-only: do not fsync each file before acknowledging it (benchmarks against receivers that do not either)." };

        var command = new Command("serve", "Run the node: DICOM listener, segmentation, delivery, and the health and metrics endpoints (the default verb).")
        {
            port, aeTitle, metricsPort, dataDir, configFile, settings, tlsCert, tlsKey, tlsClientCa, storeOnly, output, noFsync,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var setting in parseResult.GetValue(settings) ?? [])
            {
                var equals = setting.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    await parseResult.InvocationConfiguration.Error.WriteLineAsync($"dicomsegnode: configuration error: --set '{setting}': expected Section:Key=Value");
                    return ExitCodes.InvalidConfiguration;
                }

                overrides[setting[..equals].Trim()] = setting[(equals + 1)..];
            }

            Put(overrides, "Dicom:Port", parseResult.GetValue(port));
            Put(overrides, "Dicom:AeTitle", parseResult.GetValue(aeTitle));
            Put(overrides, "Http:Port", parseResult.GetValue(metricsPort));
            Put(overrides, "Storage:DataDir", parseResult.GetValue(dataDir));
            Put(overrides, "Dicom:TlsCertificate", parseResult.GetValue(tlsCert));
            Put(overrides, "Dicom:TlsKey", parseResult.GetValue(tlsKey));
            Put(overrides, "Dicom:TlsClientCa", parseResult.GetValue(tlsClientCa));
            var error = parseResult.InvocationConfiguration.Error;
            if (parseResult.GetValue(storeOnly))
            {
                return await RunStoreOnlyAsync(parseResult.GetValue(configFile), overrides, parseResult.GetValue(output), !parseResult.GetValue(noFsync), parseResult.InvocationConfiguration.Output, error, cancellationToken);
            }

            return await RunAsync(parseResult.GetValue(configFile), overrides, error, cancellationToken);
        });
        return command;
    }

    internal static async Task<int> RunAsync(string? configFile, Dictionary<string, string?> overrides, TextWriter error, CancellationToken cancellationToken)
    {
        var configuration = await LoadConfigurationAsync(configFile, overrides, error);
        if (configuration is null)
        {
            return ExitCodes.InvalidConfiguration;
        }

        WebApplication app;
        try
        {
            app = NodeHost.Build(configuration, services => services.AddDicomNode());
        }
        catch (OptionsValidationException e)
        {
            await error.WriteLineAsync($"dicomsegnode: configuration error: {string.Join("; ", e.Failures)}");
            return ExitCodes.InvalidConfiguration;
        }

        await using (app)
        {
            try
            {
                await HostingAbstractionsHostExtensions.RunAsync(app, cancellationToken);
            }
            catch (IOException e) when (e.InnerException is SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
            {
                await error.WriteLineAsync($"dicomsegnode: cannot listen: {e.Message}");
                return ExitCodes.Failure;
            }
        }

        return ExitCodes.Success;
    }

    /// <summary><c>serve --store-only --out DIR</c>: the DICOM listener alone, configured like the node's own.</summary>
    internal static async Task<int> RunStoreOnlyAsync(string? configFile, Dictionary<string, string?> overrides, string? outputDirectory, bool flushToDisk, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(outputDirectory))
        {
            await error.WriteLineAsync("dicomsegnode: configuration error: --store-only needs --out DIR");
            return ExitCodes.InvalidConfiguration;
        }

        var configuration = await LoadConfigurationAsync(configFile, overrides, error);
        if (configuration is null)
        {
            return ExitCodes.InvalidConfiguration;
        }

        var dicom = NodeConfiguration.Bind<DicomOptions>(configuration, DicomOptions.SectionName);
        var options = new StoreOnlyOptions
        {
            OutputDirectory = outputDirectory,
            Port = dicom.Port,
            AeTitle = dicom.AeTitle.Trim(),
            MaxAssociations = dicom.MaxAssociations,
            FlushToDisk = flushToDisk,
            TlsCertificate = NullIfEmpty(dicom.TlsCertificate),
            TlsKey = NullIfEmpty(dicom.TlsKey),
            TlsClientCa = NullIfEmpty(dicom.TlsClientCa),
        };
        try
        {
            return await StoreOnlyServer.RunAsync(options, output, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or SocketException or InvalidDataException)
        {
            await error.WriteLineAsync($"dicomsegnode: cannot start the listener: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>Builds and validates the configuration; on any problem writes one line per problem and returns null.</summary>
    private static async Task<IConfiguration?> LoadConfigurationAsync(string? configFile, Dictionary<string, string?> overrides, TextWriter error)
    {
        IReadOnlyList<string> problems;
        IConfiguration? configuration = null;
        try
        {
            configuration = NodeConfiguration.Build(configFile, overrides);
            problems = NodeConfiguration.Validate(configuration);
        }
        catch (ConfigurationFileException e)
        {
            problems = [e.Message];
        }

        foreach (var problem in problems)
        {
            await error.WriteLineAsync($"dicomsegnode: configuration error: {problem}");
        }

        return problems.Count == 0 ? configuration : null;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static void Put<T>(Dictionary<string, string?> overrides, string key, T? value)
    {
        if (value is not null)
        {
            overrides[key] = Convert.ToString(value, CultureInfo.InvariantCulture);
        }
    }
}
