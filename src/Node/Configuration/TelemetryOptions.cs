namespace DicomSegNode.Node.Configuration;

/// <summary>Configuration section <c>Telemetry</c>: optional OTLP export beside the Prometheus endpoint.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>OTLP collector address (for example <c>http://otel-collector:4317</c>); empty disables OTLP export.</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary><c>grpc</c> or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>Seconds between OTLP pushes.</summary>
    public int OtlpExportIntervalSeconds { get; set; } = 15;
}
