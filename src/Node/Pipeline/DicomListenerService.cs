using System.Net;
using DicomSegNode.Dicom.Network;
using DicomSegNode.Node.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomSegNode.Node.Pipeline;

/// <summary>The node's DICOM SCP (C-ECHO, C-STORE into the spool); its readiness check is <c>dicom-listener</c>.</summary>
internal sealed class DicomListenerService(
    IOptions<DicomOptions> options, SpoolStoreHandler handler, SpoolLayout layout, ILoggerFactory loggerFactory) : IHostedService, IHealthCheck
{
    private DicomServer? _server;

    public int Port => _server?.LocalEndPoint.Port ?? 0;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        layout.CreateAll();
        handler.RecoverIncoming();
        var dicom = options.Value;
        _server = DicomServer.Start(
            new IPEndPoint(IPAddress.Parse(dicom.BindAddress), dicom.Port),
            new DicomServerOptions { AeTitle = dicom.AeTitle.Trim(), MaxAssociations = dicom.MaxAssociations, Tls = TlsOptions(dicom) },
            handler,
            loggerFactory.CreateLogger("DicomSegNode.Dicom"));
        PipelineLog.Listening(loggerFactory.CreateLogger<DicomListenerService>(), _server.LocalEndPoint.Port, dicom.AeTitle.Trim());
        return Task.CompletedTask;
    }

    /// <summary>Stops accepting, then waits for the associations in progress (bounded by the host's shutdown timeout).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().AsTask().WaitAsync(cancellationToken);
        }
    }

    private static DicomTlsServerOptions? TlsOptions(DicomOptions dicom)
    {
        if (dicom.TlsCertificate.Length == 0)
        {
            return null;
        }

        return new DicomTlsServerOptions
        {
            ServerCertificate = DicomTlsCertificates.LoadCertificate(dicom.TlsCertificate, dicom.TlsKey.Length == 0 ? null : dicom.TlsKey),
            RequireClientCertificate = dicom.TlsClientCa.Length > 0,
            ClientCertificateAuthorities = dicom.TlsClientCa.Length == 0 ? [] : DicomTlsCertificates.LoadCertificateAuthorities(dicom.TlsClientCa),
        };
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_server is null
            ? HealthCheckResult.Unhealthy("DICOM listener not started")
            : HealthCheckResult.Healthy($"listening on port {_server.LocalEndPoint.Port}, {_server.ActiveAssociations} association(s)"));
}
