using DicomSegNode.Node.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DicomSegNode.Node.Health;

/// <summary>Ready while the data directory accepts a write: a node that cannot spool must not accept images.</summary>
internal sealed class StorageReadinessCheck(NodeDataDirectory dataDirectory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probe = Path.Combine(dataDirectory.Path, $".readyz-probe-{Environment.ProcessId}");
        try
        {
            await File.WriteAllBytesAsync(probe, [1], cancellationToken);
            File.Delete(probe);
            return HealthCheckResult.Healthy("data directory writable");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"data directory not writable: {e.Message}");
        }
    }
}
