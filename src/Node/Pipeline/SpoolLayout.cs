using DicomSegNode.Node.Hosting;

namespace DicomSegNode.Node.Pipeline;

/// <summary>
/// The data directory is the node's journal: every state of a series or a result is a folder, and every move
/// between states is an atomic rename on one file system, so a restart finds each piece of work where it stopped.
/// <code>
/// incoming/              C-STORE data being received (FileStoreHandler: temp file, fdatasync, rename); filed at start after a crash
/// series/&lt;series&gt;/      instances acknowledged to the PACS, waiting for their series to go quiet
/// work/&lt;series&gt;/        a series being segmented (moved from series/ when it starts)
/// outbox/&lt;destination&gt;/ SEG objects waiting for delivery to that destination
/// results/               every SEG written (kept; the node's own record of what it produced)
/// rejected/&lt;series&gt;/    series not segmented, with reason.txt
/// dead-letter/&lt;dest&gt;/   SEG objects the destination did not take after Delivery:MaxAttempts
/// done/&lt;series&gt;/        sources of finished series, for Pipeline:KeepSourcesHours
/// </code>
/// </summary>
public sealed class SpoolLayout
{
    public SpoolLayout(NodeDataDirectory dataDirectory)
    {
        Root = dataDirectory.Path;
        Incoming = Path.Combine(Root, "incoming");
        Series = Path.Combine(Root, "series");
        Work = Path.Combine(Root, "work");
        Outbox = Path.Combine(Root, "outbox");
        Results = Path.Combine(Root, "results");
        Rejected = Path.Combine(Root, "rejected");
        DeadLetter = Path.Combine(Root, "dead-letter");
        Done = Path.Combine(Root, "done");
    }

    public string Root { get; }

    public string Incoming { get; }

    public string Series { get; }

    public string Work { get; }

    public string Outbox { get; }

    public string Results { get; }

    public string Rejected { get; }

    public string DeadLetter { get; }

    public string Done { get; }

    public void CreateAll()
    {
        foreach (var folder in new[] { Incoming, Series, Work, Outbox, Results, Rejected, DeadLetter, Done })
        {
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>Moves a folder to <paramref name="target"/>, replacing an older one of the same name.</summary>
    public static void MoveFolder(string source, string target)
    {
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        Directory.Move(source, target);
    }
}
