using System.Globalization;
using System.Net;
using DicomSegNode.Dicom.Network;
using DicomSegNode.Dicom.Network.Services;
using Microsoft.Extensions.Logging;

namespace DicomSegNode.Node.StoreOnly;

/// <summary><c>dicomsegnode serve --store-only --out DIR</c>: a C-STORE SCP that only writes what it receives to a
/// folder, so a PACS administrator can test routing before anything else runs.</summary>
public static class StoreOnlyServer
{
    /// <summary>Listens until <paramref name="cancellationToken"/> fires; prints the port bound, then a summary.</summary>
    public static async Task<int> RunAsync(StoreOnlyOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        DicomTlsServerOptions? tls = null;
        if (options.TlsCertificate is not null)
        {
            tls = new DicomTlsServerOptions
            {
                ServerCertificate = DicomTlsCertificates.LoadCertificate(options.TlsCertificate, options.TlsKey),
                RequireClientCertificate = options.TlsClientCa is not null,
                ClientCertificateAuthorities = options.TlsClientCa is null ? [] : DicomTlsCertificates.LoadCertificateAuthorities(options.TlsClientCa),
            };
        }

        var handler = new FileStoreHandler(options.OutputDirectory, options.FlushToDisk);
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
        var server = DicomServer.Start(
            new IPEndPoint(IPAddress.Any, options.Port),
            new DicomServerOptions
            {
                AeTitle = options.AeTitle,
                AcceptAnyCalledAeTitle = options.AcceptAnyCalledAeTitle,
                MaxAssociations = options.MaxAssociations,
                Tls = tls,
            },
            handler,
            loggerFactory.CreateLogger("DicomSegNode.StoreOnly"));
        await using (server)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"store-only: listening on port {server.LocalEndPoint.Port} as {options.AeTitle}{(tls is null ? string.Empty : " (TLS)")}, writing to {Path.GetFullPath(options.OutputDirectory)}"));
            await output.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // SIGINT/SIGTERM: stop listening and finish.
            }
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"store-only: stored {handler.StoredCount} instances ({handler.StoredBytes / 1e6:0.0} MB)"));
        return 0;
    }
}
