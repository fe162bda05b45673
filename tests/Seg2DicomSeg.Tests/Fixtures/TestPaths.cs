namespace DicomSegNode.Seg2DicomSeg.Tests.Fixtures;

/// <summary>Where the committed test data and the interop scripts are, found from the test assembly.</summary>
internal static class TestPaths
{
    public static string TestData => Path.Combine(AppContext.BaseDirectory, "TestData");

    public static string Data(params string[] parts) => Path.Combine([TestData, .. parts]);

    /// <summary>The repository root (the folder holding DicomSegNode.sln), walking up from the test assembly.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DicomSegNode.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException($"No DicomSegNode.sln above {AppContext.BaseDirectory}.");
        }
    }

    public static string Interop => Path.Combine(RepositoryRoot, "tests", "interop");
}
