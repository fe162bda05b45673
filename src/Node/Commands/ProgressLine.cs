using System.Globalization;
using DicomSegNode.Segmentation.Cascade;

namespace DicomSegNode.Node.Commands;

/// <summary>
/// The cascade's progress on the error stream: a redrawn bar on a terminal, one line per step otherwise (logs, CI).
/// </summary>
internal sealed class ProgressLine(TextWriter writer) : IProgress<CascadeProgress>, IDisposable
{
    private const int Width = 30;
    private readonly bool _interactive = ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected;
    private readonly Lock _gate = new();
    private string? _stage;
    private int _drawn = -1;
    private bool _open;

    public void Report(CascadeProgress value)
    {
        lock (_gate)
        {
            int filled = (int)Math.Round(Math.Clamp(value.Fraction, 0, 1) * Width);
            if (_interactive)
            {
                if (value.Stage == _stage && filled == _drawn)
                {
                    return;
                }

                writer.Write(string.Create(CultureInfo.InvariantCulture,
                    $"\r{value.Stage,-26} [{new string('#', filled)}{new string('.', Width - filled)}] {value.Fraction,4:P0}"));
                _open = true;
            }
            else if (value.Stage != _stage)
            {
                writer.WriteLine($"{value.Stage} ...");
            }

            _stage = value.Stage;
            _drawn = filled;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_open)
            {
                writer.WriteLine();
                _open = false;
            }
        }
    }
}
