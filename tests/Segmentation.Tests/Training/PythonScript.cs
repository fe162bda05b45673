using System.Diagnostics;

namespace DicomSegNode.Segmentation.Tests.Training;

/// <summary>
/// Runs Debian's Python (/usr/bin/python3, the interpreter that sees python3-torch) on a script
/// of the repository's training/ folder and captures what it prints.
/// </summary>
internal static class PythonScript
{
    private const string Interpreter = "/usr/bin/python3";

    /// <summary>Result of one run: exit status and stdout + stderr interleaved as they arrived.</summary>
    internal sealed record Result(int ExitCode, string Output);

    /// <summary>The repository root: the first folder above the test assembly holding DicomSegNode.sln.</summary>
    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DicomSegNode.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException(
            $"no DicomSegNode.sln above {AppContext.BaseDirectory}");
    }

    internal static Result Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Interpreter)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        // Keep the checkout clean and the shared CI cores for the other test projects.
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        start.Environment["OMP_NUM_THREADS"] = "1";
        var output = new System.Text.StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // A guard against a hung interpreter, not a speed assertion: the scripts take seconds.
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"python3 {string.Join(' ', arguments)} did not finish:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new Result(process.ExitCode, output.ToString());
        }
    }

    private static void Append(System.Text.StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
