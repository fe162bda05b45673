using System.Globalization;

namespace DicomSegNode.Node.Commands;

/// <summary>Counts of <c>send</c> and its progress bar on standard error (only when that is a terminal).</summary>
internal sealed class SendProgress
{
    private readonly Lock _lock = new();
    private readonly int _total;
    private readonly bool _showBar;

    public SendProgress(int total, bool showBar)
    {
        _total = total;
        _showBar = showBar;
    }

    public int Stored { get; private set; }

    public int Failed { get; private set; }

    public long Bytes { get; private set; }

    public void Stored1(long bytes)
    {
        lock (_lock)
        {
            Stored++;
            Bytes += bytes;
            Draw();
        }
    }

    public void Fail(string line)
    {
        lock (_lock)
        {
            Failed++;
            if (_showBar)
            {
                Console.Error.Write('\r');
            }

            Console.Error.WriteLine(line);
            Draw();
        }
    }

    public void Finish()
    {
        if (_showBar)
        {
            Console.Error.WriteLine();
        }
    }

    private void Draw()
    {
        if (!_showBar)
        {
            return;
        }

        var done = Stored + Failed;
        var filled = _total == 0 ? 30 : done * 30 / _total;
        Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\r[{new string('#', filled)}{new string(' ', 30 - filled)}] {done}/{_total} ({Failed} failed)"));
    }
}
