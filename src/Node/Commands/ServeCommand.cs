using System.CommandLine;

namespace DicomSegNode.Node.Commands;

/// <summary><c>dicomsegnode serve</c>: runs the node until SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the node: DICOM listener, segmentation, delivery, health and metrics endpoints (the default verb).");
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(ExitCodes.Success));
        return command;
    }
}
