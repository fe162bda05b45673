using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace DicomSegNode.Node.Telemetry.Prometheus;

/// <summary>
/// A pull exporter: the OpenTelemetry SDK calls <see cref="Export"/> on the scraping thread, inside
/// <see cref="MetricReader.Collect"/>; the batch is rendered to Prometheus text at once and handed back
/// through <see cref="Render"/>. Counters, up-down counters, gauges and explicit-bucket histograms are
/// exported (the node does not use exponential histograms; those are left out).
/// It declares no <see cref="ExportModesAttribute"/>: the SDK lets a Pull-only exporter be collected
/// only from inside its own internal pull scope, which only the SDK's own Prometheus exporter may open.
/// Nothing pushes to it either: it is attached to a plain <see cref="BaseExportingMetricReader"/> with
/// no timer, so it exports exactly when a scrape calls <see cref="Render"/>.
/// </summary>
internal sealed class PrometheusExporter : BaseExporter<Metric>
{
    private byte[]? _lastRender;

    /// <summary>Collects through <paramref name="reader"/> and returns the rendered exposition. Callers serialise.</summary>
    public byte[] Render(MetricReader reader, int timeoutMilliseconds)
    {
        _lastRender = null;
        if (!reader.Collect(timeoutMilliseconds) || _lastRender is null)
        {
            throw new TimeoutException("metrics collection did not complete");
        }

        return _lastRender;
    }

    public override ExportResult Export(in Batch<Metric> batch)
    {
        var families = new SortedDictionary<string, MetricFamily>(StringComparer.Ordinal);
        foreach (var metric in batch)
        {
            AddMetric(families, metric);
        }

        var text = new StringBuilder(16 * 1024);
        foreach (var family in families.Values)
        {
            PrometheusTextWriter.WriteFamily(text, family);
        }

        _lastRender = Encoding.UTF8.GetBytes(text.ToString());
        return ExportResult.Success;
    }

    private static void AddMetric(SortedDictionary<string, MetricFamily> families, Metric metric)
    {
        var type = metric.MetricType;
        string familyType;
        if (type is MetricType.LongSum or MetricType.DoubleSum)
        {
            familyType = "counter";
        }
        else if (type is MetricType.LongGauge or MetricType.DoubleGauge or MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic)
        {
            familyType = "gauge";
        }
        else if (type is MetricType.Histogram)
        {
            familyType = "histogram";
        }
        else
        {
            return;
        }

        var name = PrometheusNaming.MetricName(metric.Name, metric.Unit, familyType == "counter", familyType == "gauge");
        if (families.TryGetValue(name, out var family))
        {
            // Two instruments rendering to one name: keep the first kind; a second kind would make the exposition invalid.
            if (family.Type != familyType)
            {
                return;
            }
        }
        else
        {
            family = new MetricFamily(name, familyType, string.IsNullOrWhiteSpace(metric.Description) ? metric.Name : metric.Description);
            families.Add(name, family);
        }

        var meterTags = metric.MeterTags;
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var labels = Labels(meterTags, point.Tags);
            switch (familyType)
            {
                case "histogram":
                    AddHistogram(family, labels, point);
                    break;
                default:
                    family.Samples.Add(PrometheusTextWriter.Sample(name, labels, null, Value(type, point)));
                    break;
            }
        }
    }

    private static string Value(MetricType type, in MetricPoint point) => type switch
    {
        MetricType.LongSum or MetricType.LongSumNonMonotonic => PrometheusTextWriter.FormatLong(point.GetSumLong()),
        MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => PrometheusTextWriter.FormatDouble(point.GetSumDouble()),
        MetricType.LongGauge => PrometheusTextWriter.FormatLong(point.GetGaugeLastValueLong()),
        _ => PrometheusTextWriter.FormatDouble(point.GetGaugeLastValueDouble()),
    };

    /// <summary>OpenTelemetry keeps per-bucket counts; Prometheus buckets are cumulative, ending in <c>le="+Inf"</c> = count.</summary>
    private static void AddHistogram(MetricFamily family, List<KeyValuePair<string, string>> labels, in MetricPoint point)
    {
        long cumulative = 0;
        var sawInfinity = false;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            cumulative += bucket.BucketCount;
            var le = PrometheusTextWriter.FormatDouble(bucket.ExplicitBound);
            sawInfinity |= double.IsPositiveInfinity(bucket.ExplicitBound);
            family.Samples.Add(PrometheusTextWriter.Sample(family.Name + "_bucket", labels, new("le", le), PrometheusTextWriter.FormatLong(cumulative)));
        }

        var count = point.GetHistogramCount();
        if (!sawInfinity)
        {
            family.Samples.Add(PrometheusTextWriter.Sample(family.Name + "_bucket", labels, new("le", "+Inf"), PrometheusTextWriter.FormatLong(count)));
        }

        family.Samples.Add(PrometheusTextWriter.Sample(family.Name + "_sum", labels, null, PrometheusTextWriter.FormatDouble(point.GetHistogramSum())));
        family.Samples.Add(PrometheusTextWriter.Sample(family.Name + "_count", labels, null, PrometheusTextWriter.FormatLong(count)));
    }

    private static List<KeyValuePair<string, string>> Labels(IEnumerable<KeyValuePair<string, object?>>? meterTags, ReadOnlyTagCollection tags)
    {
        var labels = new List<KeyValuePair<string, string>>(tags.Count);
        if (meterTags is not null)
        {
            foreach (var tag in meterTags)
            {
                labels.Add(new(PrometheusNaming.LabelName(tag.Key), Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? ""));
            }
        }

        foreach (var tag in tags)
        {
            labels.Add(new(PrometheusNaming.LabelName(tag.Key), Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? ""));
        }

        // Sanitising can fold two keys into one name ("a.b" and "a_b"); Prometheus forbids repeated label names.
        return labels.DistinctBy(l => l.Key, StringComparer.Ordinal).ToList();
    }
}
