using System.Diagnostics;
using System.Net;
using DicomSegNode.Node.Configuration;
using DicomSegNode.Node.Health;
using DicomSegNode.Node.Logging;
using DicomSegNode.Node.Pipeline;
using DicomSegNode.Node.Telemetry;
using DicomSegNode.Node.Telemetry.Prometheus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace DicomSegNode.Node.Hosting;

/// <summary>Composes the node: configuration, options, telemetry, health, the HTTP endpoints, and each component's services.</summary>
public static class NodeHost
{
    /// <summary>Builds the node on a configuration that <see cref="NodeConfiguration.Validate"/> accepted.</summary>
    /// <param name="configuration">The node's configuration.</param>
    /// <param name="configureServices">Extra registrations (components added by the command line, test doubles).</param>
    public static WebApplication Build(IConfiguration configuration, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);

        var http = NodeConfiguration.Bind<HttpOptions>(configuration, HttpOptions.SectionName);
        var storage = NodeConfiguration.Bind<StorageOptions>(configuration, StorageOptions.SectionName);
        var telemetry = NodeConfiguration.Bind<TelemetryOptions>(configuration, TelemetryOptions.SectionName);
        var hosting = NodeConfiguration.Bind<HostingOptions>(configuration, HostingOptions.SectionName);
        Directory.CreateDirectory(storage.DataDir);

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(ParseAddress(http.BindAddress), http.Port);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(hosting.ShutdownTimeoutSeconds));

        builder.Services.AddSingleton(new NodeDataDirectory(Path.GetFullPath(storage.DataDir)));
        builder.Services.AddNodeOptions(configuration);
        builder.Services.AddNodeTelemetry(telemetry);
        builder.Services.AddNodeHealth();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapNodeEndpoints();
        app.Lifetime.ApplicationStarted.Register(() => OnStarted(app, storage, telemetry));
        app.Lifetime.ApplicationStopping.Register(() => HostLog.Stopping(app.Logger, hosting.ShutdownTimeoutSeconds));
        app.Lifetime.ApplicationStopped.Register(() => HostLog.Stopped(app.Logger));

        // The meter provider must exist before the first instrument records, not at the first scrape.
        app.Services.GetRequiredService<MeterProvider>();
        return app;
    }

    /// <summary>The address Kestrel actually bound (with the real port when 0 was configured).</summary>
    public static Uri HttpAddress(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("the HTTP listener has not started");
        return new Uri(first.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal));
    }

    private static IServiceCollection AddNodeOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DicomOptions>().Bind(configuration.GetSection(DicomOptions.SectionName)).ValidateOnStart();
        services.AddOptions<HttpOptions>().Bind(configuration.GetSection(HttpOptions.SectionName)).ValidateOnStart();
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateOnStart();
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName)).ValidateOnStart();
        services.AddOptions<HostingOptions>().Bind(configuration.GetSection(HostingOptions.SectionName)).ValidateOnStart();
        services.AddOptions<PipelineOptions>().Bind(configuration.GetSection(PipelineOptions.SectionName)).ValidateOnStart();
        services.AddOptions<DeliveryOptions>().Bind(configuration.GetSection(DeliveryOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DicomOptions>, DicomOptionsValidator>();
        services.AddSingleton<IValidateOptions<HttpOptions>, HttpOptionsValidator>();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        services.AddSingleton<IValidateOptions<HostingOptions>, HostingOptionsValidator>();
        services.AddSingleton<IValidateOptions<PipelineOptions>, PipelineOptionsValidator>();
        services.AddSingleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>();
        return services;
    }

    private static void MapNodeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(HealthServiceCollectionExtensions.LiveTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(HealthServiceCollectionExtensions.ReadyTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        endpoints.MapGet("/metrics", async (HttpContext context, PrometheusScraper scraper, NodeMetrics metrics) =>
        {
            var started = Stopwatch.GetTimestamp();
            var body = await scraper.ScrapeAsync().WaitAsync(context.RequestAborted);
            metrics.ScrapeDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            context.Response.ContentType = PrometheusTextWriter.ContentType;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        });
    }

    private static void OnStarted(WebApplication app, StorageOptions storage, TelemetryOptions telemetry)
    {
        var dataDir = Path.GetFullPath(storage.DataDir);
        var address = HttpAddress(app).ToString();
        HostLog.Starting(app.Logger, BuildInfo.Version, BuildInfo.Commit, dataDir);
        HostLog.HttpListening(app.Logger, address);
        if (!string.IsNullOrEmpty(telemetry.OtlpEndpoint))
        {
            HostLog.OtlpEnabled(app.Logger, telemetry.OtlpEndpoint, telemetry.OtlpExportIntervalSeconds);
        }
    }

    private static IPAddress ParseAddress(string value) => value switch
    {
        "*" => IPAddress.IPv6Any,
        "localhost" => IPAddress.Loopback,
        _ => IPAddress.Parse(value),
    };
}
