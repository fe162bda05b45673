using DicomSegNode.Node.Configuration;
using DicomSegNode.Node.Telemetry.Prometheus;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace DicomSegNode.Node.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Metrics: the <c>DicomSegNode</c> meter, .NET runtime and process metrics (<c>System.Runtime</c>),
    /// Kestrel's HTTP metrics, fed through the OpenTelemetry SDK to our Prometheus pull exporter and,
    /// when <c>Telemetry:OtlpEndpoint</c> is set, to an OTLP collector.
    /// </summary>
    public static IServiceCollection AddNodeTelemetry(this IServiceCollection services, TelemetryOptions options)
    {
        services.AddMetrics();
        services.AddSingleton<NodeMetrics>();
        services.AddSingleton<PrometheusExporter>();
        services.AddSingleton(sp => new BaseExportingMetricReader(sp.GetRequiredService<PrometheusExporter>()));
        services.AddSingleton(sp => new PrometheusScraper(sp.GetRequiredService<PrometheusExporter>(), sp.GetRequiredService<BaseExportingMetricReader>()));
        services.AddSingleton(sp =>
        {
            // The node's meter is created through IMeterFactory; resolving NodeMetrics first makes it exist before the first scrape.
            sp.GetRequiredService<NodeMetrics>();
            var builder = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService("dicomsegnode", serviceVersion: BuildInfo.Version))
                .AddMeter(NodeMetrics.MeterName, "System.Runtime", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddReader(sp.GetRequiredService<BaseExportingMetricReader>());
            if (!string.IsNullOrEmpty(options.OtlpEndpoint))
            {
                builder.AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Endpoint = new Uri(options.OtlpEndpoint);
                    exporter.Protocol = options.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = options.OtlpExportIntervalSeconds * 1000;
                });
            }

            return builder.Build()!;
        });
        return services;
    }
}
