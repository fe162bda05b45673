namespace DicomSegNode.Node.Configuration;

/// <summary>Configuration section <c>Http</c>: the listener for <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>.</summary>
public sealed class HttpOptions
{
    public const string SectionName = "Http";

    /// <summary>TCP port; 0 picks a free port, which the log names at start.</summary>
    public int Port { get; set; } = 9090;

    /// <summary>Address the HTTP listener binds to.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";
}
