namespace DicomSegNode.Node.Configuration;

/// <summary>Configuration section <c>Host</c>: process lifetime.</summary>
public sealed class HostingOptions
{
    public const string SectionName = "Host";

    /// <summary>Seconds the node may take to finish in-flight work after SIGTERM before it stops regardless.</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 30;
}
