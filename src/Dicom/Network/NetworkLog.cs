using Microsoft.Extensions.Logging;

namespace DicomSegNode.Dicom.Network;

/// <summary>Log messages of the network layer (event ids 4000-4099). They carry AE titles, addresses, UIDs of SOP
/// classes and statuses, never patient data.</summary>
internal static partial class NetworkLog
{
    [LoggerMessage(4000, LogLevel.Information, "DICOM SCP listening on {EndPoint} as {AeTitle} (TLS {Tls})")]
    public static partial void Listening(ILogger logger, System.Net.EndPoint? endPoint, string aeTitle, bool tls);

    [LoggerMessage(4001, LogLevel.Information, "Association {Id}: {CallingAe} -> {CalledAe} from {Remote} accepted, {Accepted}/{Proposed} presentation contexts")]
    public static partial void Accepted(ILogger logger, long id, string callingAe, string calledAe, System.Net.EndPoint? remote, int accepted, int proposed);

    [LoggerMessage(4002, LogLevel.Warning, "Association {Id}: {CallingAe} -> {CalledAe} from {Remote} rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, long id, string callingAe, string calledAe, System.Net.EndPoint? remote, string reason);

    [LoggerMessage(4003, LogLevel.Information, "Association {Id} released: {Stored} instances stored, {Failed} failed")]
    public static partial void Released(ILogger logger, long id, int stored, int failed);

    [LoggerMessage(4004, LogLevel.Warning, "Association {Id} aborted: {Reason}")]
    public static partial void Aborted(ILogger logger, long id, string reason);

    [LoggerMessage(4005, LogLevel.Debug, "Association {Id}: C-STORE {SopClass} message {MessageId} -> {Status}")]
    public static partial void Stored(ILogger logger, long id, string sopClass, ushort messageId, string status);

    [LoggerMessage(4006, LogLevel.Warning, "Association {Id}: C-STORE message {MessageId} failed with {Status}: {Comment}")]
    public static partial void StoreFailed(ILogger logger, long id, ushort messageId, string status, string comment);

    [LoggerMessage(4007, LogLevel.Warning, "Connection {Id} from {Remote} failed before association: {Reason}")]
    public static partial void ConnectionFailed(ILogger logger, long id, System.Net.EndPoint? remote, string reason);

    [LoggerMessage(4008, LogLevel.Debug, "Association {Id}: C-ECHO message {MessageId}")]
    public static partial void Echo(ILogger logger, long id, ushort messageId);
}
