namespace DicomSegNode.Node.Commands;

/// <summary>Process exit codes of every verb, as the README documents them.</summary>
public static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Success = 0;

    /// <summary>The work failed (a peer refused, an instance failed to store, a file could not be read).</summary>
    public const int Failure = 1;

    /// <summary>Bad command line or configuration; nothing was started.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>Interrupted by SIGINT/SIGTERM before the work was done.</summary>
    public const int Interrupted = 130;
}
