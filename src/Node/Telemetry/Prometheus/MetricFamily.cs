namespace DicomSegNode.Node.Telemetry.Prometheus;

/// <summary>One Prometheus metric family: a name, its type and help, and the sample lines under them.</summary>
internal sealed class MetricFamily(string name, string type, string help)
{
    public string Name { get; } = name;

    /// <summary><c>counter</c>, <c>gauge</c> or <c>histogram</c> (text format 0.0.4).</summary>
    public string Type { get; } = type;

    public string Help { get; } = help;

    /// <summary>Complete sample lines, each ending in a newline, in the order they were added.</summary>
    public List<string> Samples { get; } = [];
}
