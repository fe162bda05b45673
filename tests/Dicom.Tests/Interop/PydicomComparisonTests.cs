using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.IO;

namespace DicomSegNode.Dicom.Tests.Interop;

/// <summary>Every test file reads with the values pydicom reads, or is malformed on purpose and fails with our typed error.</summary>
public sealed class PydicomComparisonTests
{
    /// <summary>Files that are malformed on purpose: truncated inside a value, or not DICOM without force.</summary>
    public static readonly string[] Malformed =
    [
        "pydicom/MR_truncated.dcm", // pixel data length runs past the end of the file
        "pydicom/rtplan_truncated.dcm", // a sequence length runs past the end of the file
        "pydicom/no_meta.dcm", // starts one byte into an element: pydicom reads it only with force=True, as garbage
    ];

    public static TheoryData<string> WellFormedFiles => new(TestFiles.AllDicom.Where(f => !Malformed.Contains(f)));

    public static TheoryData<string> MalformedFiles => new(Malformed);

    [Theory]
    [MemberData(nameof(WellFormedFiles))]
    public void Open_EveryTestFile_ElementsEqualPydicom(string relativePath)
    {
        var theirs = PydicomCanonical.For(relativePath);
        Assert.False(theirs.TryGetProperty("error", out var error), $"pydicom failed: {error}");

        var file = DicomFile.Open(TestFiles.Get(relativePath));

        var diffs = PydicomCanonical.Compare(file.Dataset, theirs.GetProperty("elements"));
        var metaDiffs = PydicomCanonical.Compare(file.FileMetaInformation, theirs.GetProperty("meta"))
            .Where(d => !d.Contains("extra in ours", StringComparison.Ordinal)) // we add (0002,0010) when guessed
            .ToList();
        Assert.True(diffs.Count == 0 && metaDiffs.Count == 0, string.Join("\n", diffs.Concat(metaDiffs).Take(20)));
    }

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void Open_MalformedFile_ThrowsDicomFormatException(string relativePath)
    {
        var e = Assert.Throws<DicomFormatException>(() => DicomFile.Open(TestFiles.Get(relativePath)));
        Assert.True(e.Offset >= 0);
    }
}
