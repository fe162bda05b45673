using System.Diagnostics.Metrics;
using System.Reflection;

namespace DicomSegNode.Node.Telemetry;

/// <summary>
/// The node's own <see cref="Meter"/>, named <c>DicomSegNode</c>. Components take this from DI and create
/// their instruments on <see cref="Meter"/>; the metrics reference in README.md lists them.
/// </summary>
public sealed class NodeMetrics
{
    public const string MeterName = "DicomSegNode";

    /// <summary>Seconds buckets for request-sized work (scrapes, HTTP): 1 ms to 10 s.</summary>
    public static readonly IReadOnlyList<double> ShortDurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public NodeMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName, BuildInfo.Version);
        Meter.CreateObservableGauge(
            "dicomsegnode.build.info",
            () => new Measurement<int>(1, new("version", BuildInfo.Version), new("commit", BuildInfo.Commit)),
            description: "Always 1; the labels carry the running version and git commit.");
        ScrapeDuration = Meter.CreateHistogram(
            "dicomsegnode.metrics.scrape.duration",
            unit: "s",
            description: "Time to collect and render one /metrics scrape.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ShortDurationBuckets });
    }

    public Meter Meter { get; }

    public Histogram<double> ScrapeDuration { get; }
}

/// <summary>Version and commit of this build, from the assembly's informational version (<c>0.1.0+commit</c>).</summary>
public static class BuildInfo
{
    private static readonly string s_informational =
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static string Version { get; } = s_informational.Split('+')[0];

    public static string Commit { get; } = s_informational.Contains('+', StringComparison.Ordinal) ? s_informational.Split('+')[1] : "unknown";
}
