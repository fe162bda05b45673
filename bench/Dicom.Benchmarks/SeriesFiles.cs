namespace DicomSegNode.Dicom.Benchmarks;

/// <summary>The 20-slice uncompressed CT series of the shared data, loaded into memory once.</summary>
internal static class SeriesFiles
{
    /// <summary>Folder of the series: DICOM_SERIES, else ../shared/data beside the repository.</summary>
    public static string Folder { get; } = Environment.GetEnvironmentVariable("DICOM_SERIES")
        ?? FindShared();

    public static string[] Paths { get; } = Directory.Exists(Folder)
        ? Directory.GetFiles(Folder, "*.dcm").Order(StringComparer.Ordinal).ToArray()
        : throw new DirectoryNotFoundException($"CT series not found at {Folder}; set DICOM_SERIES.");

    private static string FindShared()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "data", "totalsegmentator", "example_ct_dicom_uncompressed");
            if (Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }

            dir = dir.Parent;
        }

        return "/work/shared/data/totalsegmentator/example_ct_dicom_uncompressed";
    }
}
