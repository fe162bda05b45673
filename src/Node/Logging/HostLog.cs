using Microsoft.Extensions.Logging;

namespace DicomSegNode.Node.Logging;

/// <summary>Host lifecycle log messages; event ids 1000-1099.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "dicomsegnode {Version} ({Commit}) starting; data directory {DataDir}")]
    public static partial void Starting(ILogger logger, string version, string commit, string dataDir);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "HTTP endpoints (/healthz, /readyz, /metrics) listening on {Address}")]
    public static partial void HttpListening(ILogger logger, string address);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "OTLP metric export to {Endpoint} every {IntervalSeconds} s")]
    public static partial void OtlpEnabled(ILogger logger, string endpoint, int intervalSeconds);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Stopping: finishing in-flight work for up to {TimeoutSeconds} s")]
    public static partial void Stopping(ILogger logger, int timeoutSeconds);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Stopped")]
    public static partial void Stopped(ILogger logger);
}
