using System.CommandLine;

namespace DicomSegNode.Node.Commands;

/// <summary><c>dicomsegnode serve</c>: runs the node until SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the node: DICOM listener, segmentation, delivery, health and metrics endpoints (the default verb).");
        // Store-only mode (issue 4): receive and write instances, nothing else.
        var storeOnly = new Option<bool>("--store-only") { Description = "Only receive instances over C-STORE and write them to --out (routing test)." };
        var output = new Option<string?>("--out") { Description = "Folder for --store-only." };
        var port = new Option<int>("--port") { Description = "DICOM port.", DefaultValueFactory = _ => 11112 };
        var aeTitle = new Option<string>("--aet") { Description = "Our AE title.", DefaultValueFactory = _ => "DICOMSEGNODE" };
        var noFsync = new Option<bool>("--no-fsync") { Description = "With --store-only: do not fsync each file before acknowledging it." };
        command.Options.Add(storeOnly);
        command.Options.Add(output);
        command.Options.Add(port);
        command.Options.Add(aeTitle);
        command.Options.Add(noFsync);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (!parseResult.GetValue(storeOnly))
            {
                return ExitCodes.Success;
            }

            var folder = parseResult.GetValue(output);
            if (string.IsNullOrEmpty(folder))
            {
                await Console.Error.WriteLineAsync("serve: --store-only needs --out DIR.");
                return ExitCodes.InvalidConfiguration;
            }

            return await StoreOnly.StoreOnlyServer.RunAsync(
                new StoreOnly.StoreOnlyOptions { OutputDirectory = folder, Port = parseResult.GetValue(port), AeTitle = parseResult.GetValue(aeTitle)!, FlushToDisk = !parseResult.GetValue(noFsync) },
                Console.Out,
                cancellationToken);
        });
        return command;
    }
}
