using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DicomSegNode.Dicom.Network;

namespace DicomSegNode.Node.Commands;

/// <summary><c>dicomsegnode echo --host H --port P</c>: C-ECHO (PS3.7 9.1.5) to check that a peer answers.</summary>
internal static class EchoCommand
{
    public static Command Create()
    {
        var peer = new PeerOptions();
        var command = new Command("echo", "Send a DICOM C-ECHO to a peer (is the PACS reachable and does it accept us?).");
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
                await Console.Error.WriteLineAsync($"echo: {e.Message}");
                return ExitCodes.InvalidConfiguration;
            }

            var stopwatch = Stopwatch.StartNew();
            try
            {
                await using var client = await DicomClient.ConnectAsync(options, DicomClient.ProposeFor([]), cancellationToken);
                var status = await client.EchoAsync(cancellationToken);
                await client.ReleaseAsync(cancellationToken);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"C-ECHO {options.CallingAeTitle} -> {options.CalledAeTitle}@{options.Host}:{options.Port}: {status} in {stopwatch.Elapsed.TotalMilliseconds:0} ms"));
                return status.IsSuccess ? ExitCodes.Success : ExitCodes.Failure;
            }
            catch (DicomNetworkException e)
            {
                await Console.Error.WriteLineAsync($"echo: {e.Message}");
                return ExitCodes.Failure;
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Interrupted;
            }
        });
        return command;
    }
}
