using DicomSegNode.Node.Health;
using Microsoft.Extensions.DependencyInjection;

namespace DicomSegNode.Node.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// The node proper: DICOM listener into the spool, quiet-series detection, the segmentation worker and delivery,
    /// with their readiness checks (<c>dicom-listener</c>, <c>models</c>) and metrics.
    /// </summary>
    public static IServiceCollection AddDicomNode(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SpoolLayout>();
        services.AddSingleton<PipelineMetrics>();
        services.AddSingleton<SeriesQuietTracker>();
        services.AddSingleton<ModelSet>();
        services.AddSingleton<SpoolStoreHandler>();
        services.AddSingleton<DeliveryWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryWorker>());
        services.AddSingleton<SegmentationWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<SegmentationWorker>());
        services.AddSingleton<DicomListenerService>();
        services.AddHostedService(sp => sp.GetRequiredService<DicomListenerService>());
        services.AddReadinessCheck<DicomListenerService>("dicom-listener");
        services.AddReadinessCheck<ModelsReadinessCheck>("models");
        return services;
    }
}
