using DicomSegNode.Segmentation.Backends;
using DicomSegNode.Segmentation.Cascade;
using DicomSegNode.Segmentation.Models;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DicomSegNode.Node.Pipeline;

/// <summary>The two model packages, loaded once; its readiness check is <c>models</c>.</summary>
public sealed class ModelSet : IDisposable
{
    private PackageStageModel? _liver;
    private PackageStageModel? _vessel;

    /// <summary>Why the models are not loaded (null once they are).</summary>
    public string? Problem { get; private set; } = "loading";

    public bool IsLoaded => _liver is not null && _vessel is not null;

    public LiverVesselCascade CreateCascade() =>
        new(_liver ?? throw new InvalidOperationException(Problem), _vessel ?? throw new InvalidOperationException(Problem));

    public string Describe() => IsLoaded ? $"{_liver!.Info.Name} {_liver.Info.Version}, {_vessel!.Info.Name} {_vessel.Info.Version} on {_liver.Backend}" : $"not loaded: {Problem}";

    /// <summary>Loads <c>liver/</c> and <c>vessel/</c> from <paramref name="folder"/>; on failure <see cref="Problem"/> says why.</summary>
    public bool TryLoad(string folder, Device device)
    {
        try
        {
            _liver = PackageStageModel.Load(Path.Combine(folder, "liver"), device);
            _vessel = PackageStageModel.Load(Path.Combine(folder, "vessel"), device);
            Problem = null;
            return true;
        }
        catch (Exception e) when (e is ModelFormatException or IOException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            _liver?.Dispose();
            _liver = null;
            Problem = e.Message;
            return false;
        }
    }

    public void Dispose()
    {
        _liver?.Dispose();
        _vessel?.Dispose();
    }

    /// <summary>Resolves the models folder: the configured one, else <c>models/</c> beside the executable, else <c>./models</c>.</summary>
    public static string ResolveFolder(string configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        var beside = Path.Combine(AppContext.BaseDirectory, "models");
        return Directory.Exists(beside) ? beside : Path.GetFullPath("models");
    }
}

/// <summary>Ready once both model packages are loaded.</summary>
internal sealed class ModelsReadinessCheck(ModelSet models) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(models.IsLoaded ? HealthCheckResult.Healthy(models.Describe()) : HealthCheckResult.Unhealthy($"models {models.Problem}"));
}
