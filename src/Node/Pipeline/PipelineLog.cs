using Microsoft.Extensions.Logging;

namespace DicomSegNode.Node.Pipeline;

/// <summary>Pipeline log messages; event ids 2000-2099. UIDs only: no patient names or IDs at Information.</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "DICOM listener on port {Port} as {AeTitle}")]
    public static partial void Listening(ILogger logger, int port, string aeTitle);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Refused instance {SopInstanceUid} from {CallingAe}: {Reason}")]
    public static partial void Refused(ILogger logger, string sopInstanceUid, string callingAe, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Series {SeriesUid}: quiet for {QuietSeconds} s with {Instances} instance(s), queued")]
    public static partial void SeriesQueued(ILogger logger, string seriesUid, int quietSeconds, int instances);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Series {SeriesUid}: rejected ({ReasonCode}): {Detail}")]
    public static partial void SeriesRejected(ILogger logger, string seriesUid, string reasonCode, string detail);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Series {SeriesUid}: {Message}; liver {LiverMl:0.0} mL, tumour {TumourMl:0.0} mL, vessels {VesselMl:0.0} mL in {Seconds:0.0} s")]
    public static partial void SeriesSegmented(ILogger logger, string seriesUid, string message, double liverMl, double tumourMl, double vesselMl, double seconds);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Series {SeriesUid}: SEG {SegUid} written ({Frames} frames)")]
    public static partial void SegWritten(ILogger logger, string seriesUid, string segUid, int frames);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Series {SeriesUid}: no SEG written: {Reason}")]
    public static partial void NoSeg(ILogger logger, string seriesUid, string reason);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "Series {SeriesUid}: failed; kept under rejected/ for inspection")]
    public static partial void SeriesFailed(ILogger logger, Exception exception, string seriesUid);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "SEG {File} stored to {Destination}")]
    public static partial void Delivered(ILogger logger, string file, string destination);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "SEG {File} to {Destination}: attempt {Attempt} failed ({Reason}); retrying in {DelaySeconds:0.0} s")]
    public static partial void DeliveryRetry(ILogger logger, string file, string destination, int attempt, string reason, double delaySeconds);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Error, Message = "SEG {File} to {Destination}: giving up after {Attempts} attempts ({Reason}); moved to dead-letter/")]
    public static partial void DeadLetter(ILogger logger, string file, string destination, int attempts, string reason);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "Models loaded: {Liver}, {Vessel} on {Backend}")]
    public static partial void ModelsLoaded(ILogger logger, string liver, string vessel, string backend);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Error, Message = "Models not loaded from {Folder}: {Reason}; instances are still received and kept until models are present and the node restarts")]
    public static partial void ModelsMissing(ILogger logger, string folder, string reason);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Information, Message = "Resuming: {Series} series waiting, {Work} interrupted, {Outbox} SEG object(s) to deliver")]
    public static partial void Resuming(ILogger logger, int series, int work, int outbox);
}
