using System.IO.Pipelines;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Dicom.Network.Dimse;
using DicomSegNode.Dicom.Network.Services;
using Microsoft.Extensions.Logging;

namespace DicomSegNode.Node.Pipeline;

/// <summary>
/// The node's C-STORE handler: the data set streams to <c>incoming/</c> and is fsync'd (<see cref="FileStoreHandler"/>),
/// then its header is read and the file is renamed into <c>series/&lt;Series Instance UID&gt;/</c> and the series'
/// quiet timer is re-armed, all BEFORE success is answered. What the node acknowledged is on disk where a restart
/// finds it. An instance without a usable Series Instance UID is refused (the PACS keeps it) rather than parked.
/// </summary>
internal sealed class SpoolStoreHandler(SpoolLayout layout, SeriesQuietTracker tracker, PipelineMetrics metrics, ILogger<SpoolStoreHandler> logger) : ICStoreHandler
{
    private readonly FileStoreHandler _incoming = new(layout.Incoming, flushToDisk: true);

    public async ValueTask<DimseStatus> StoreAsync(CStoreRequest request, PipeReader dataSet, CancellationToken cancellationToken)
    {
        var status = await _incoming.StoreAsync(request, dataSet, cancellationToken);
        var path = _incoming.PathFor(request.SopInstanceUid);
        var size = new FileInfo(path).Length;
        string? seriesUid;
        try
        {
            seriesUid = DicomFile.Open(path, new DicomReadOptions { StopBeforeTag = DicomTags.PixelData }).Dataset.GetUid(DicomTags.SeriesInstanceUID);
        }
        catch (DicomException e)
        {
            Refuse(path, request, $"unreadable data set: {e.Message}");
            throw new DimseStatusException(DimseStatus.CannotUnderstand, "Data set cannot be parsed");
        }

        if (seriesUid is null || !DicomUid.IsValid(seriesUid))
        {
            // The UID names a folder: only a valid UID (digits and dots) may become one.
            Refuse(path, request, "missing or invalid Series Instance UID");
            throw new DimseStatusException(DimseStatus.DataSetDoesNotMatchSopClass, "Missing or invalid Series Instance UID");
        }

        File(path, seriesUid, request.SopInstanceUid);
        metrics.InstancesReceived.Add(1);
        metrics.BytesReceived.Add(size);
        return status;
    }

    /// <summary>
    /// At start: an instance that was flushed and renamed in <c>incoming/</c> but not yet moved to its series when the
    /// node stopped was acknowledged (or about to be); it is filed now. Unfinished <c>.part</c> files were never
    /// acknowledged and are removed. Returns the number of instances filed.
    /// </summary>
    public int RecoverIncoming()
    {
        var filed = 0;
        foreach (var part in Directory.GetFiles(layout.Incoming, "*.part", SearchOption.AllDirectories))
        {
            System.IO.File.Delete(part);
        }

        foreach (var path in Directory.GetFiles(layout.Incoming, "*.dcm"))
        {
            try
            {
                var header = DicomFile.Open(path, new DicomReadOptions { StopBeforeTag = DicomTags.PixelData }).Dataset;
                var seriesUid = header.GetUid(DicomTags.SeriesInstanceUID);
                if (seriesUid is not null && DicomUid.IsValid(seriesUid))
                {
                    File(path, seriesUid, Path.GetFileNameWithoutExtension(path));
                    filed++;
                    continue;
                }
            }
            catch (DicomException)
            {
                // Unreadable: handled below like an instance without a series.
            }

            var rejected = Path.Combine(layout.Rejected, "unfiled");
            Directory.CreateDirectory(rejected);
            System.IO.File.Move(path, Path.Combine(rejected, Path.GetFileName(path)), overwrite: true);
        }

        return filed;
    }

    private void File(string path, string seriesUid, string sopInstanceUid)
    {
        var folder = Path.Combine(layout.Series, seriesUid);
        Directory.CreateDirectory(folder);
        System.IO.File.Move(path, Path.Combine(folder, sopInstanceUid + ".dcm"), overwrite: true);
        tracker.Touch(seriesUid);
    }

    private void Refuse(string path, CStoreRequest request, string reason)
    {
        System.IO.File.Delete(path);
        metrics.InstancesRefused.Add(1, new KeyValuePair<string, object?>("reason", reason.StartsWith("unreadable", StringComparison.Ordinal) ? "unreadable" : "no_series_uid"));
        PipelineLog.Refused(logger, request.SopInstanceUid, request.Association.CallingAeTitle, reason);
    }
}
