using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DicomSegNode.Dicom.Network;
using DicomSegNode.Dicom.Network.Services;

namespace DicomSegNode.Node.Commands;

/// <summary><c>dicomsegnode send &lt;files or folders&gt; --host H --port P</c>: C-STORE (PS3.7 9.1.1) of Part 10 files,
/// many per association; each failure is printed, then a summary; the exit code is non-zero if any instance failed.</summary>
internal static class SendCommand
{
    public static Command Create()
    {
        var peer = new PeerOptions();
        var paths = new Argument<string[]>("paths") { Description = "DICOM files or folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var associations = new Option<int>("--associations") { Description = "Associations to send over in parallel.", DefaultValueFactory = _ => 1 };
        var command = new Command("send", "Send DICOM files to a peer with C-STORE.");
        command.Arguments.Add(paths);
        command.Options.Add(associations);
        peer.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            DicomClientOptions options;
            try
            {
                options = peer.Read(parseResult);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"send: {e.Message}");
                return ExitCodes.InvalidConfiguration;
            }

            var files = Expand(parseResult.GetValue(paths) ?? []);
            if (files.Count == 0)
            {
                await Console.Error.WriteLineAsync("send: no files found.");
                return ExitCodes.InvalidConfiguration;
            }

            try
            {
                return await SendAsync(files, options, Math.Max(1, parseResult.GetValue(associations)), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Interrupted;
            }
        });
        return command;
    }

    private static List<string> Expand(string[] paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else
            {
                files.Add(path);
            }
        }

        return files;
    }

    private static async Task<int> SendAsync(List<string> files, DicomClientOptions options, int associations, CancellationToken cancellationToken)
    {
        var progress = new SendProgress(files.Count, showBar: !Console.IsErrorRedirected && files.Count > 1);
        var headers = new List<(string Path, Part10Header Header)>();
        foreach (var file in files)
        {
            try
            {
                headers.Add((file, Part10Header.Read(file)));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                progress.Fail($"{file}: not sent: {e.Message}");
            }
        }

        var contexts = DicomClient.ProposeFor(headers.Select(h => (h.Header.SopClassUid, h.Header.TransferSyntaxUid)));
        var stopwatch = Stopwatch.StartNew();
        var batches = Enumerable.Range(0, associations).Select(i => headers.Where((_, index) => index % associations == i).ToList()).Where(b => b.Count > 0);
        await Task.WhenAll(batches.Select(batch => SendBatchAsync(batch, options, contexts, progress, cancellationToken)));
        progress.Finish();
        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"send: {progress.Stored} of {files.Count} instances stored ({progress.Bytes / 1e6:0.0} MB in {seconds:0.00} s, {progress.Stored / Math.Max(seconds, 1e-9):0.0} instances/s, {progress.Bytes / 1e6 / Math.Max(seconds, 1e-9):0.0} MB/s), {progress.Failed} failed"));
        return progress.Failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static async Task SendBatchAsync(List<(string Path, Part10Header Header)> batch, DicomClientOptions options, IReadOnlyList<Dicom.Network.Pdu.PresentationContextProposal> contexts, SendProgress progress, CancellationToken cancellationToken)
    {
        var next = 0;
        try
        {
            await using var client = await DicomClient.ConnectAsync(options, contexts, cancellationToken);
            for (; next < batch.Count; next++)
            {
                var result = await client.StoreFileAsync(batch[next].Path, cancellationToken);
                if (result.IsStored)
                {
                    progress.Stored1(result.Bytes);
                }
                else
                {
                    progress.Fail($"{batch[next].Path}: {result.Status}{(result.ErrorComment is null ? string.Empty : " " + result.ErrorComment)}");
                }
            }

            await client.ReleaseAsync(cancellationToken);
        }
        catch (Exception e) when (e is DicomNetworkException or Dicom.Network.Dimse.DimseProtocolException or IOException)
        {
            for (; next < batch.Count; next++)
            {
                progress.Fail($"{batch[next].Path}: not stored: {e.Message}");
            }
        }
    }
}
