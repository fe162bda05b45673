namespace DicomSegNode.Node.Tests.Series;

/// <summary>A temporary folder removed at the end of a test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Path = Directory.CreateTempSubdirectory("dicomsegnode-tests").FullName;

    public string Path { get; }

    public string Sub(string name)
    {
        string p = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(p);
        return p;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
