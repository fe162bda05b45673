using System.CommandLine;
using System.Runtime.InteropServices;

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

    /// <summary>
    /// Parses and runs. SIGINT and SIGTERM cancel the token each verb receives; the verb decides how
    /// to wind down (<c>serve</c> drains within <c>Host:ShutdownTimeoutSeconds</c>), so System.CommandLine's
    /// own forced-exit timeout is switched off.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        using var interrupted = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = null };
        if (output is not null)
        {
            configuration.Output = output;
        }

        if (error is not null)
        {
            configuration.Error = error;
        }

        var parseResult = Build().Parse(WithDefaultVerb(args));
        if (parseResult.Errors.Count > 0)
        {
            // System.CommandLine would exit 1; a bad command line is a usage error like a bad setting.
            foreach (var parseError in parseResult.Errors)
            {
                await configuration.Error.WriteLineAsync($"dicomsegnode: {parseError.Message}");
            }

            await configuration.Error.WriteLineAsync("Run 'dicomsegnode --help' for usage.");
            return ExitCodes.InvalidConfiguration;
        }

        return await parseResult.InvokeAsync(configuration, interrupted.Token);

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            interrupted.Cancel();
        }
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
        yield return EchoCommand.Create();
        yield return SendCommand.Create();
        yield return DumpCommand.Create();
        yield return PhantomCommand.Create();
        yield return SegmentCommand.Create();
    }
}
