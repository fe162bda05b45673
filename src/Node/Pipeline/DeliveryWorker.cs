using System.Threading.Channels;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.Network;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using DicomSegNode.Node.Configuration;
using Polly;
using Polly.Retry;

namespace DicomSegNode.Node.Pipeline;

/// <summary>
/// Stores each SEG to every configured destination. A SEG is copied into <c>outbox/&lt;destination&gt;/</c> first, so
/// each destination has its own durable queue and one PACS being down does not hold up another; each destination is
/// served in order by its own loop with a Polly retry (exponential back-off with jitter, <c>Delivery:MaxAttempts</c>),
/// after which the object moves to <c>dead-letter/&lt;destination&gt;/</c>. Delivered objects leave the outbox.
/// </summary>
internal sealed class DeliveryWorker : BackgroundService
{
    private readonly SpoolLayout _layout;
    private readonly DeliveryOptions _options;
    private readonly DicomOptions _dicom;
    private readonly PipelineMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<DeliveryWorker> _logger;
    private readonly Dictionary<string, Channel<string>> _queues;

    public DeliveryWorker(SpoolLayout layout, IOptions<DeliveryOptions> options, IOptions<DicomOptions> dicom, PipelineMetrics metrics, TimeProvider time, ILogger<DeliveryWorker> logger)
    {
        _layout = layout;
        _options = options.Value;
        _dicom = dicom.Value;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _queues = _options.Destinations.ToDictionary(d => d.Name, _ => Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true }), StringComparer.Ordinal);
        layout.CreateAll();
        foreach (var destination in _options.Destinations)
        {
            var outbox = Path.Combine(layout.Outbox, destination.Name);
            Directory.CreateDirectory(outbox);
            foreach (var pending in Directory.GetFiles(outbox, "*.dcm").Order(StringComparer.Ordinal))
            {
                _queues[destination.Name].Writer.TryWrite(pending);
            }
        }
    }

    /// <summary>SEG objects waiting in the outboxes.</summary>
    public int Pending => _options.Destinations.Sum(d => Directory.GetFiles(Path.Combine(_layout.Outbox, d.Name), "*.dcm").Length);

    /// <summary>Puts a copy of <paramref name="resultPath"/> into every destination's outbox and queues it.</summary>
    public void Enqueue(string resultPath)
    {
        foreach (var destination in _options.Destinations)
        {
            var target = Path.Combine(_layout.Outbox, destination.Name, Path.GetFileName(resultPath));
            File.Copy(resultPath, target + ".part", overwrite: true);
            File.Move(target + ".part", target, overwrite: true);
            _queues[destination.Name].Writer.TryWrite(target);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(_options.Destinations.Select(d => RunDestinationAsync(d, stoppingToken)));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is not delivered stays in its outbox and is sent after the next start.
        }
    }

    private async Task RunDestinationAsync(DestinationOptions destination, CancellationToken stoppingToken)
    {
        await foreach (var path in _queues[destination.Name].Reader.ReadAllAsync(stoppingToken))
        {
            if (!File.Exists(path))
            {
                continue;
            }

            var pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }
                .AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = _options.MaxAttempts - 1,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromSeconds(_options.InitialDelaySeconds),
                    MaxDelay = TimeSpan.FromSeconds(_options.MaxDelaySeconds),
                    ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                    OnRetry = args =>
                    {
                        _metrics.Deliveries.Add(1, new("destination", destination.Name), new("outcome", "retried"));
                        PipelineLog.DeliveryRetry(_logger, Path.GetFileName(path), destination.Name, args.AttemptNumber + 1, args.Outcome.Exception?.Message ?? "unknown", args.RetryDelay.TotalSeconds);
                        return ValueTask.CompletedTask;
                    },
                })
                .Build();

            try
            {
                await pipeline.ExecuteAsync(ct => new ValueTask(StoreAsync(destination, path, ct)), stoppingToken);
                File.Delete(path);
                _metrics.Deliveries.Add(1, new("destination", destination.Name), new("outcome", "delivered"));
                PipelineLog.Delivered(_logger, Path.GetFileName(path), destination.Name);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var deadLetter = Path.Combine(_layout.DeadLetter, destination.Name);
                Directory.CreateDirectory(deadLetter);
                File.Move(path, Path.Combine(deadLetter, Path.GetFileName(path)), overwrite: true);
                _metrics.Deliveries.Add(1, new("destination", destination.Name), new("outcome", "dead_letter"));
                PipelineLog.DeadLetter(_logger, Path.GetFileName(path), destination.Name, _options.MaxAttempts, e.Message);
            }
        }
    }

    private async Task StoreAsync(DestinationOptions destination, string path, CancellationToken cancellationToken)
    {
        var clientOptions = new DicomClientOptions
        {
            Host = destination.Host,
            Port = destination.Port,
            CalledAeTitle = destination.AeTitle,
            CallingAeTitle = destination.CallingAeTitle.Length > 0 ? destination.CallingAeTitle : _dicom.AeTitle.Trim(),
        };
        var contexts = DicomClient.ProposeFor([(DicomUids.SegmentationStorage, DicomUids.ExplicitVRLittleEndian)]);
        await using var client = await DicomClient.ConnectAsync(clientOptions, contexts, cancellationToken);
        var result = await client.StoreFileAsync(path, cancellationToken);
        await client.ReleaseAsync(cancellationToken);
        if (result.Status.IsFailure)
        {
            throw new DicomNetworkException($"{destination.Name} answered {result.Status}");
        }
    }
}
