using System.Diagnostics.Metrics;
using DicomSegNode.Node.Telemetry;

namespace DicomSegNode.Node.Pipeline;

/// <summary>The pipeline's instruments on the <c>DicomSegNode</c> meter (README's metrics reference lists them).</summary>
public sealed class PipelineMetrics
{
    private static readonly IReadOnlyList<double> s_stageBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600];

    public PipelineMetrics(NodeMetrics node)
    {
        var meter = node.Meter;
        InstancesReceived = meter.CreateCounter<long>("dicomsegnode.instances.received", "{instance}", "Instances acknowledged to a C-STORE SCU (stored and fsync'd).");
        BytesReceived = meter.CreateCounter<long>("dicomsegnode.received", "By", "Bytes of instances received.");
        InstancesRefused = meter.CreateCounter<long>("dicomsegnode.instances.refused", "{instance}", "C-STORE requests answered with a failure status, by reason.");
        Series = meter.CreateCounter<long>("dicomsegnode.series", "{series}", "Series finished, by outcome (segmented, no_liver, empty, rejected, failed).");
        SeriesRejected = meter.CreateCounter<long>("dicomsegnode.series.rejected", "{series}", "Series not segmented, by reason code.");
        StageDuration = meter.CreateHistogram(
            "dicomsegnode.stage.duration", "s", "Seconds per pipeline stage (assembly, each cascade step, encoding).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_stageBuckets });
        Deliveries = meter.CreateCounter<long>("dicomsegnode.deliveries", "{object}", "SEG objects stored to a destination, by destination and outcome (delivered, retried, dead_letter).");
    }

    public Counter<long> InstancesReceived { get; }

    public Counter<long> BytesReceived { get; }

    public Counter<long> InstancesRefused { get; }

    public Counter<long> Series { get; }

    public Counter<long> SeriesRejected { get; }

    public Histogram<double> StageDuration { get; }

    public Counter<long> Deliveries { get; }
}
