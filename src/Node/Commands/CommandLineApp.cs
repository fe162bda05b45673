using System.CommandLine;

namespace DicomSegNode.Node.Commands;

/// <summary>The command line: one verb per file in this folder, registered in <see cref="Verbs"/>.</summary>
public static class CommandLineApp
{
    private static readonly string[] s_rootOnlyTokens = ["--help", "-h", "-?", "--version"];

    public static RootCommand Build()
    {
        var root = new RootCommand("DicomSegNode: receives CT series over DICOM, segments liver, liver tumour and hepatic vessels, and stores DICOM SEG back to the PACS.");
        foreach (var verb in Verbs())
        {
            root.Subcommands.Add(verb);
        }

        return root;
    }

    public static Task<int> RunAsync(string[] args)
    {
        return Build().Parse(WithDefaultVerb(args)).InvokeAsync();
    }

    /// <summary>No verb means <c>serve</c>: <c>dicomsegnode --port 11112</c> is <c>dicomsegnode serve --port 11112</c>.</summary>
    internal static string[] WithDefaultVerb(string[] args)
    {
        if (args.Length == 0 || (args[0].StartsWith('-') && !s_rootOnlyTokens.Contains(args[0])))
        {
            return ["serve", .. args];
        }

        return args;
    }

    // Each issue adds its verb here, one line each, in the order `--help` lists them.
    private static IEnumerable<Command> Verbs()
    {
        yield return ServeCommand.Create();
        yield return PhantomCommand.Create();
        yield return SegmentCommand.Create();
    }
}
