using System.Diagnostics;

namespace DicomSegNode.Node.Tests.Series;

/// <summary>Runs a script with Debian's Python (the one that sees python3-pydicom, python3-numpy, python3-nibabel).</summary>
internal static class DebianPython
{
    public static string Run(string script, params string[] args)
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"python3 failed ({process.ExitCode}): {stderr}");
        return stdout.Result;
    }
}
