using OpenTelemetry.Metrics;

namespace DicomSegNode.Node.Telemetry.Prometheus;

/// <summary>
/// Serves scrapes from the pull exporter. Scrapes that arrive while a collection is running share its
/// result instead of queueing for a collection of their own, so one slow scrape never holds up another
/// and N concurrent scrapers cost one collection.
/// </summary>
internal sealed class PrometheusScraper(PrometheusExporter exporter, MetricReader reader)
{
    private const int CollectTimeoutMilliseconds = 10_000;
    private readonly Lock _gate = new();
    private Task<byte[]>? _inFlight;

    public Task<byte[]> ScrapeAsync()
    {
        lock (_gate)
        {
            if (_inFlight is { IsCompleted: false } running)
            {
                return running;
            }

            _inFlight = Task.Run(() => exporter.Render(reader, CollectTimeoutMilliseconds));
            return _inFlight;
        }
    }
}
