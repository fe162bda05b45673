using System.CommandLine;
using DicomSegNode.Node.Commands;

namespace DicomSegNode.Node.StoreOnly;

/// <summary>The <c>serve</c> options of store-only mode, kept here so <c>serve</c> needs two calls:
/// <see cref="AddTo"/> when it builds its command, <see cref="TryRunAsync"/> first thing in its action.</summary>
internal sealed class StoreOnlyCommandLine
{
    private readonly Option<bool> _storeOnly = new("--store-only") { Description = "Only receive instances over C-STORE and write them to --out (routing test)." };
    private readonly Option<string?> _output = new("--out") { Description = "Folder for --store-only: instances are written as <SOP Instance UID>.dcm." };
    private readonly Option<int> _port = new("--port") { Description = "DICOM port.", DefaultValueFactory = _ => 11112 };
    private readonly Option<string> _aeTitle = new("--aet") { Description = "Our AE title.", DefaultValueFactory = _ => "DICOMSEGNODE" };
    private readonly Option<bool> _noFsync = new("--no-fsync") { Description = "With --store-only: do not fsync each file before acknowledging it." };
    private readonly Option<string?> _tlsCert = new("--tls-cert") { Description = "PEM server certificate: DICOM TLS (TLS 1.2/1.3) instead of plain TCP." };
    private readonly Option<string?> _tlsKey = new("--tls-key") { Description = "PEM private key of --tls-cert." };
    private readonly Option<string?> _tlsClientCa = new("--tls-client-ca") { Description = "PEM CA bundle; when given, clients must present a certificate that chains to it." };

    /// <summary>Adds the options to <paramref name="serve"/>.</summary>
    public void AddTo(Command serve)
    {
        foreach (var option in new Option[] { _storeOnly, _output, _port, _aeTitle, _noFsync, _tlsCert, _tlsKey, _tlsClientCa })
        {
            serve.Options.Add(option);
        }
    }

    /// <summary>Runs store-only mode when <c>--store-only</c> was given and returns its exit code; null otherwise.</summary>
    public async Task<int?> TryRunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        if (!parseResult.GetValue(_storeOnly))
        {
            return null;
        }

        var folder = parseResult.GetValue(_output);
        if (string.IsNullOrEmpty(folder))
        {
            await Console.Error.WriteLineAsync("serve: --store-only needs --out DIR.");
            return ExitCodes.InvalidConfiguration;
        }

        var options = new StoreOnlyOptions
        {
            OutputDirectory = folder,
            Port = parseResult.GetValue(_port),
            AeTitle = parseResult.GetValue(_aeTitle)!,
            FlushToDisk = !parseResult.GetValue(_noFsync),
            TlsCertificate = parseResult.GetValue(_tlsCert),
            TlsKey = parseResult.GetValue(_tlsKey),
            TlsClientCa = parseResult.GetValue(_tlsClientCa),
        };
        try
        {
            return await StoreOnlyServer.RunAsync(options, Console.Out, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or System.Net.Sockets.SocketException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync($"serve: {e.Message}");
            return ExitCodes.InvalidConfiguration;
        }
    }
}
