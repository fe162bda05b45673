using System.CommandLine;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.IO;

namespace DicomSegNode.Node.Commands;

/// <summary><c>dicomsegnode dump &lt;file&gt;...</c>: prints DICOM files the way dcmdump does.</summary>
internal static class DumpCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("file") { Description = "DICOM file(s) to print (Part 10, or a raw data set).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("dump", "Print DICOM files as dcmdump does: tag, VR, value, length, multiplicity and keyword; sequences indented.");
        command.Arguments.Add(files);
        command.SetAction((parseResult, cancellationToken) =>
        {
            var result = ExitCodes.Success;
            foreach (var file in parseResult.GetValue(files) ?? [])
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    DicomDump.Write(Console.Out, DicomFile.Open(file.FullName));
                }
                catch (Exception e) when (e is DicomException or IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"dump: {file.FullName}: {e.Message}");
                    result = ExitCodes.Failure;
                }
            }

            return Task.FromResult(result);
        });
        return command;
    }
}
