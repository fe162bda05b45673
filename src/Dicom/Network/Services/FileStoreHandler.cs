using System.IO.Pipelines;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Dicom.Network.Dimse;

namespace DicomSegNode.Dicom.Network.Services;

/// <summary>A C-STORE handler that writes each instance to <c>&lt;directory&gt;/&lt;SOP Instance UID&gt;.dcm</c> as a
/// Part 10 file (PS3.10 7.1) in the transfer syntax it arrived in: the file meta group first, then the data set bytes
/// appended as they arrive, into a temporary file that is flushed to disk and renamed into place before success is
/// answered. Memory used per instance is one network fragment, whatever the instance size.</summary>
public sealed class FileStoreHandler : ICStoreHandler
{
    private const string IncomingFolder = ".incoming";
    private readonly string _directory;
    private readonly bool _flushToDisk;
    private long _stored;
    private long _bytes;

    /// <summary>Stores into <paramref name="directory"/> (created if missing); <paramref name="flushToDisk"/> fsyncs each
    /// file before it is acknowledged.</summary>
    public FileStoreHandler(string directory, bool flushToDisk = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _directory = Path.GetFullPath(directory);
        _flushToDisk = flushToDisk;
        Directory.CreateDirectory(Path.Combine(_directory, IncomingFolder));
    }

    /// <summary>Instances stored so far.</summary>
    public long StoredCount => Interlocked.Read(ref _stored);

    /// <summary>Data set bytes stored so far.</summary>
    public long StoredBytes => Interlocked.Read(ref _bytes);

    /// <summary>The path an instance is stored at.</summary>
    public string PathFor(string sopInstanceUid) => Path.Combine(_directory, sopInstanceUid + ".dcm");

    /// <inheritdoc/>
    public async ValueTask<DimseStatus> StoreAsync(CStoreRequest request, PipeReader dataSet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(dataSet);
        if (!DicomUid.IsValid(request.SopInstanceUid))
        {
            // The UID names the file: anything else than digits and dots could escape the folder.
            throw new DimseStatusException(DimseStatus.CannotUnderstand, "Invalid Affected SOP Instance UID");
        }

        var temporary = Path.Combine(_directory, IncomingFolder, $"{request.SopInstanceUid}.{Guid.NewGuid():N}.part");
        long length = 0;
        try
        {
            // A synchronous handle written synchronously: writes land in the page cache without a thread hop per network
            // fragment, which the asynchronous file API on Linux would cost. The 64 KiB buffer gathers small fragments
            // into fewer system calls; a larger one would be a large-object-heap allocation per instance.
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.None))
            {
                var meta = DicomFile.CreateFileMetaInformation(
                    request.SopClassUid, request.SopInstanceUid, DicomTransferSyntax.FromUid(request.TransferSyntaxUid), request.Association.CallingAeTitle);
                DicomFile.WriteFileMetaInformation(file, meta);
                while (true)
                {
                    var result = await dataSet.ReadAsync(cancellationToken);
                    foreach (var segment in result.Buffer)
                    {
                        file.Write(segment.Span);
                    }

                    length += result.Buffer.Length;
                    dataSet.AdvanceTo(result.Buffer.End);
                    if (result.IsCompleted)
                    {
                        break;
                    }
                }

                if (length == 0)
                {
                    throw new DimseStatusException(DimseStatus.CannotUnderstand, "Empty data set");
                }

                await file.FlushAsync(cancellationToken);
                if (_flushToDisk)
                {
                    DurableFile.FlushData(file);
                }
            }

            File.Move(temporary, PathFor(request.SopInstanceUid), overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        Interlocked.Increment(ref _stored);
        Interlocked.Add(ref _bytes, length);
        return DimseStatus.Success;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for the operator; the name says it is partial.
        }
    }
}
