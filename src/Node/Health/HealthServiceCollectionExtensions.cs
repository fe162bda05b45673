using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DicomSegNode.Node.Health;

public static class HealthServiceCollectionExtensions
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    /// <summary>Registers a component's readiness: <c>/readyz</c> answers 200 only when every one of them is healthy.</summary>
    public static IServiceCollection AddReadinessCheck<T>(this IServiceCollection services, string component)
        where T : class, IHealthCheck
    {
        services.AddHealthChecks().AddCheck<T>(component, HealthStatus.Unhealthy, [ReadyTag]);
        return services;
    }

    public static IServiceCollection AddNodeHealth(this IServiceCollection services)
    {
        // Liveness is "the process answers HTTP": the check itself is trivial on purpose, so a busy
        // GPU or a slow disk never gets the pod restarted.
        services.AddHealthChecks().AddCheck("process", () => HealthCheckResult.Healthy("alive"), [LiveTag]);
        services.AddReadinessCheck<LifecycleReadinessCheck>("lifecycle");
        services.AddReadinessCheck<StorageReadinessCheck>("storage");
        return services;
    }
}
