using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DicomSegNode.Node.Pipeline;

/// <summary>
/// Decides when a series is complete: one timer per series (from the <see cref="TimeProvider"/>, so tests control
/// time), re-armed by every instance; when it fires the series has been quiet for <c>Pipeline:QuietPeriodSeconds</c>
/// and goes onto the segmentation queue. No polling.
/// </summary>
public sealed class SeriesQuietTracker : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ITimer> _timers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Channel<string> _ready = Channel.CreateBounded<string>(new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    private readonly TimeProvider _time;
    private readonly TimeSpan _quiet;
    private readonly ILogger<SeriesQuietTracker> _logger;

    public SeriesQuietTracker(IOptions<PipelineOptions> options, TimeProvider time, ILogger<SeriesQuietTracker> logger)
    {
        _time = time;
        _quiet = TimeSpan.FromSeconds(options.Value.QuietPeriodSeconds);
        _logger = logger;
    }

    /// <summary>Series whose quiet period has passed, in the order they went quiet.</summary>
    public ChannelReader<string> Ready => _ready.Reader;

    /// <summary>An instance of <paramref name="seriesUid"/> arrived (or was found at start): restart its quiet period.</summary>
    public void Touch(string seriesUid, int instances = 1)
    {
        lock (_gate)
        {
            _counts[seriesUid] = _counts.GetValueOrDefault(seriesUid) + instances;
            if (!_timers.TryGetValue(seriesUid, out var timer))
            {
                timer = _time.CreateTimer(OnQuiet, seriesUid, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _timers[seriesUid] = timer;
            }

            timer.Change(_quiet, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Queue a series at once (an interrupted one found at start).</summary>
    public ValueTask EnqueueAsync(string seriesUid, CancellationToken cancellationToken) => _ready.Writer.WriteAsync(seriesUid, cancellationToken);

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var timer in _timers.Values)
            {
                timer.Dispose();
            }

            _timers.Clear();
        }

        _ready.Writer.TryComplete();
    }

    private void OnQuiet(object? state)
    {
        var uid = (string)state!;
        int count;
        lock (_gate)
        {
            if (!_timers.Remove(uid, out var timer))
            {
                return;
            }

            timer.Dispose();
            _counts.Remove(uid, out count);
        }

        PipelineLog.SeriesQueued(_logger, uid, (int)_quiet.TotalSeconds, count);
        // A timer callback cannot await; the queue is large and drained continuously, so TryWrite only fails when
        // the node is stopping, and then the series is still in series/ and is found again at the next start.
        _ready.Writer.TryWrite(uid);
    }
}
