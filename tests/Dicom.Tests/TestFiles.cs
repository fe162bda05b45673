using System.Diagnostics;

namespace DicomSegNode.Dicom.Tests;

/// <summary>Locates the committed test data (copied beside the test assembly) and runs the real external tools.</summary>
internal static class TestFiles
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "TestData");

    public static string Tools { get; } = Path.Combine(AppContext.BaseDirectory, "Tools");

    public static string Get(string relative) => Path.Combine(Root, relative);

    /// <summary>Every DICOM file of the test data, relative to <see cref="Root"/>.</summary>
    public static IReadOnlyList<string> AllDicom { get; } = Directory
        .GetFiles(Root, "*.dcm", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(Root, f))
        .OrderBy(f => f, StringComparer.Ordinal)
        .ToArray();

    /// <summary>Runs a process and returns its standard output; fails the test with its standard error on a non-zero exit.</summary>
    public static string Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Root,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited {p.ExitCode}: {stderr.Result}");
        }

        return stdout;
    }
}
