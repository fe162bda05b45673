using System.Diagnostics;
using System.Globalization;
using DicomSegNode.Node.Results;
using DicomSegNode.Node.Series;
using DicomSegNode.Seg2DicomSeg.Enums;
using DicomSegNode.Seg2DicomSeg.Sop;
using DicomSegNode.Segmentation.Backends;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomSegNode.Node.Pipeline;

/// <summary>
/// Takes quiet series off the queue, one at a time: series/ -> work/, assemble, run the cascade, encode the SEG,
/// write it to results/ and to each destination's outbox, then clear the sources. Rejections and failures land in
/// rejected/&lt;series&gt;/ with reason.txt. At start it resumes what a stop interrupted.
/// </summary>
internal sealed class SegmentationWorker(
    SpoolLayout layout,
    SeriesQuietTracker tracker,
    ModelSet models,
    DeliveryWorker delivery,
    PipelineMetrics metrics,
    IOptions<PipelineOptions> options,
    ILogger<SegmentationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        layout.CreateAll();
        var folder = ModelSet.ResolveFolder(options.Value.ModelsDir);
        if (models.TryLoad(folder, ParseDevice(options.Value.Device)))
        {
            PipelineLog.ModelsLoaded(logger, Path.Combine(folder, "liver"), Path.Combine(folder, "vessel"), models.Describe());
        }
        else
        {
            PipelineLog.ModelsMissing(logger, folder, models.Problem ?? "unknown");
            return;
        }

        try
        {
            await ResumeAsync(stoppingToken);
            await foreach (var seriesUid in tracker.Ready.ReadAllAsync(stoppingToken))
            {
                await Task.Run(() => Process(seriesUid, stoppingToken), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; an interrupted series stays in work/ and is resumed at the next start.
        }
    }

    private async Task ResumeAsync(CancellationToken cancellationToken)
    {
        var interrupted = Directory.GetDirectories(layout.Work);
        var waiting = Directory.GetDirectories(layout.Series);
        PipelineLog.Resuming(logger, waiting.Length, interrupted.Length, delivery.Pending);
        foreach (var work in interrupted)
        {
            await tracker.EnqueueAsync(Path.GetFileName(work), cancellationToken);
        }

        foreach (var series in waiting)
        {
            tracker.Touch(Path.GetFileName(series), Directory.GetFiles(series).Length);
        }
    }

    internal void Process(string seriesUid, CancellationToken cancellationToken)
    {
        var work = Path.Combine(layout.Work, seriesUid);
        var waiting = Path.Combine(layout.Series, seriesUid);
        if (!Directory.Exists(waiting) && !Directory.Exists(work))
        {
            return;
        }

        // Instances that arrive after a series was segmented (a late slice, a re-send) join the instances it was
        // segmented from, kept in done/: the SEG is recomputed from the whole series. Its UID is the same, so the
        // PACS replaces the earlier SEG with a complete one, never with one made from the late slices alone.
        MergeInto(Path.Combine(layout.Done, seriesUid), work);
        MergeInto(waiting, work);

        try
        {
            var clock = Stopwatch.StartNew();
            var assembly = SeriesAssembler.AssembleFolder(work, null, seriesUid, cancellationToken);
            Record("assembly", clock.Elapsed);
            if (!assembly.IsAccepted)
            {
                var code = assembly.Rejection!.Reason.Code();
                metrics.SeriesRejected.Add(1, new KeyValuePair<string, object?>("reason", code));
                Finish(seriesUid, "rejected");
                PipelineLog.SeriesRejected(logger, seriesUid, code, assembly.Rejection.Message);
                Park(work, seriesUid, assembly.Rejection.ToString());
                return;
            }

            var series = assembly.Series!;
            var result = models.CreateCascade().Run(series.Volume, null, cancellationToken);
            foreach (var timing in result.Timings)
            {
                Record(timing.Stage, timing.Duration);
            }

            PipelineLog.SeriesSegmented(logger, seriesUid, result.Message, result.Liver.Millilitres, result.Tumour.Millilitres, result.Vessels.Millilitres, clock.Elapsed.TotalSeconds);
            clock.Restart();
            var encoded = SegBuilder.Encode(series, result, SegOptions(), options.Value.LegacyAnatomicalStructureCode ? AnatomicalStructureCategory.Legacy : AnatomicalStructureCategory.Current);
            Record("encoding", clock.Elapsed);
            if (encoded.Outcome == SegmentationOutcome.AllSegmentsEmpty)
            {
                PipelineLog.NoSeg(logger, seriesUid, encoded.Reason ?? result.Message);
                Finish(seriesUid, result.LiverFound ? "empty" : "no_liver");
                ClearSources(work, seriesUid);
                return;
            }

            var name = encoded.SopInstanceUid + ".dcm";
            var resultPath = Path.Combine(layout.Results, name);
            WriteDurably(encoded, resultPath);
            delivery.Enqueue(resultPath);
            PipelineLog.SegWritten(logger, seriesUid, encoded.SopInstanceUid, encoded.FrameCount);
            Finish(seriesUid, "segmented");
            ClearSources(work, seriesUid);
        }
        catch (OperationCanceledException)
        {
            // Stopping: work/<series> stays and is resumed at the next start.
            throw;
        }
        catch (Exception e)
        {
            PipelineLog.SeriesFailed(logger, e, seriesUid);
            Finish(seriesUid, "failed");
            Park(work, seriesUid, $"failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private SegmentationOptions SegOptions() => new()
    {
        SeriesNumber = options.Value.SegSeriesNumber,
        SeriesDescription = options.Value.SegSeriesDescription,
    };

    private static void WriteDurably(SegmentationEncodeResult encoded, string path)
    {
        var temporary = path + ".part";
        SegBuilder.Save(encoded, temporary);
        using (var file = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private void Record(string stage, TimeSpan duration) =>
        metrics.StageDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("stage", stage));

    private void Finish(string seriesUid, string outcome) =>
        metrics.Series.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    private void Park(string work, string seriesUid, string reason)
    {
        var target = Path.Combine(layout.Rejected, seriesUid);
        SpoolLayout.MoveFolder(work, target);
        File.WriteAllText(Path.Combine(target, "reason.txt"), string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:O} {reason}\n"));
    }

    /// <summary>Sources of finished series stay in done/ for <c>Pipeline:KeepSourcesHours</c>, then are deleted.</summary>
    private void ClearSources(string work, string seriesUid)
    {
        SpoolLayout.MoveFolder(work, Path.Combine(layout.Done, seriesUid));
        var cutoff = DateTime.UtcNow - TimeSpan.FromHours(options.Value.KeepSourcesHours);
        foreach (var done in Directory.GetDirectories(layout.Done))
        {
            if (Directory.GetLastWriteTimeUtc(done) < cutoff)
            {
                Directory.Delete(done, recursive: true);
            }
        }
    }

    private static void MergeInto(string source, string target)
    {
        if (!Directory.Exists(source))
        {
            return;
        }

        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Move(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }

        Directory.Delete(source, recursive: true);
    }

    internal static Device ParseDevice(string value) => value switch
    {
        "cpu" => Device.Cpu,
        "cuda" => Device.Cuda,
        _ => Device.Auto,
    };
}
