using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace DicomSegNode.Node.Health;

/// <summary>
/// Ready only between "host started" and "host stopping": while it drains on SIGTERM the node reports
/// not-ready, so a load balancer stops routing associations to it before it closes its listener.
/// </summary>
internal sealed class LifecycleReadinessCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("shutting down"));
        }

        return Task.FromResult(lifetime.ApplicationStarted.IsCancellationRequested
            ? HealthCheckResult.Healthy("started")
            : HealthCheckResult.Unhealthy("starting"));
    }
}
