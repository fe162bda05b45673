using System.CommandLine;

namespace DicomSegNode.Node.Commands;

/// <summary><c>dicomsegnode serve</c>: runs the node until SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the node: DICOM listener, segmentation, delivery, health and metrics endpoints (the default verb).");
        // Store-only mode (issue 4): receive and write instances, nothing else.
        var storeOnly = new StoreOnly.StoreOnlyCommandLine();
        storeOnly.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
            await storeOnly.TryRunAsync(parseResult, cancellationToken) ?? ExitCodes.Success);
        return command;
    }
}
