using System.Diagnostics;

namespace DicomSegNode.Seg2DicomSeg.Tests.Fixtures;

/// <summary>Runs a real external program (dciodvfy, /usr/bin/python3, node) and captures what it says.</summary>
internal static class ExternalTool
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static Result Run(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>dciodvfy's findings: the lines that start with "Error" and with "Warning".</summary>
    public static (List<string> Errors, List<string> Warnings) Dciodvfy(string path)
    {
        var result = Run("dciodvfy", path);
        var lines = (result.StandardOutput + "\n" + result.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return ([.. lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal))], [.. lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal))]);
    }
}
