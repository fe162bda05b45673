using System.Diagnostics.Metrics;
using System.Text;
using DicomSegNode.Node.Telemetry.Prometheus;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace DicomSegNode.Node.Tests.Telemetry;

public sealed class PrometheusExporterTests : IDisposable
{
    private readonly Meter _meter = new($"test.{Guid.NewGuid():N}");
    private readonly PrometheusExporter _exporter = new();
    private readonly BaseExportingMetricReader _reader;
    private readonly MeterProvider _provider;

    public PrometheusExporterTests()
    {
        _reader = new BaseExportingMetricReader(_exporter);
        _provider = Sdk.CreateMeterProviderBuilder().AddMeter(_meter.Name).AddReader(_reader).Build()!;
    }

    public void Dispose()
    {
        _provider.Dispose();
        _meter.Dispose();
    }

    private string Scrape() => Encoding.UTF8.GetString(_exporter.Render(_reader, 5000));

    [Fact]
    public void Render_Counter_HasTotalSuffixTypeAndHelp()
    {
        var counter = _meter.CreateCounter<long>("dicomsegnode.instances.received", unit: "{instance}", description: "Instances received.");
        counter.Add(3, new KeyValuePair<string, object?>("calling_ae", "PACS1"));
        counter.Add(2, new KeyValuePair<string, object?>("calling_ae", "PACS1"));

        var text = Scrape();

        Assert.Contains("# HELP dicomsegnode_instances_received_total Instances received.\n", text);
        Assert.Contains("# TYPE dicomsegnode_instances_received_total counter\n", text);
        Assert.Contains("dicomsegnode_instances_received_total{calling_ae=\"PACS1\"} 5\n", text);
    }

    [Fact]
    public void Render_Histogram_BucketsAreCumulativeAndEndInInf()
    {
        var histogram = _meter.CreateHistogram<double>("stage.duration", unit: "s", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        histogram.Record(0.05);
        histogram.Record(0.5);
        histogram.Record(0.7);
        histogram.Record(50);

        var text = Scrape();

        Assert.Contains("# TYPE stage_duration_seconds histogram\n", text);
        Assert.Contains("stage_duration_seconds_bucket{le=\"0.1\"} 1\n", text);
        Assert.Contains("stage_duration_seconds_bucket{le=\"1\"} 3\n", text);
        Assert.Contains("stage_duration_seconds_bucket{le=\"10\"} 3\n", text);
        Assert.Contains("stage_duration_seconds_bucket{le=\"+Inf\"} 4\n", text);
        Assert.Contains("stage_duration_seconds_sum 51.25\n", text);
        Assert.Contains("stage_duration_seconds_count 4\n", text);
    }

    [Fact]
    public void Render_LabelValueWithQuoteBackslashNewline_IsEscaped()
    {
        var gauge = _meter.CreateUpDownCounter<int>("queue.depth");
        gauge.Add(7, new KeyValuePair<string, object?>("destination", "a\"b\\c\nd"));

        var text = Scrape();

        Assert.Contains("# TYPE queue_depth gauge\n", text);
        Assert.Contains("queue_depth{destination=\"a\\\"b\\\\c\\nd\"} 7\n", text);
    }

    [Fact]
    public void Render_BytesGaugeAndDottedLabelKeys_UseBaseUnitsAndValidLabelNames()
    {
        _meter.CreateObservableGauge("gpu.memory.used", () => new Measurement<long>(1024, new KeyValuePair<string, object?>("gpu.name", "H100")), unit: "By");

        var text = Scrape();

        Assert.Contains("gpu_memory_used_bytes{gpu_name=\"H100\"} 1024\n", text);
    }
}
