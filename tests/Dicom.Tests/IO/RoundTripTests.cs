using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Dicom.Tests.Interop;

namespace DicomSegNode.Dicom.Tests.IO;

/// <summary>Read, write, read gives the same data set, for every test file and every transfer syntax we write.</summary>
public sealed class RoundTripTests : IClassFixture<RoundTripTests.WrittenFiles>
{
    private readonly WrittenFiles _written;

    public RoundTripTests(WrittenFiles written) => _written = written;

    public static IEnumerable<string> Sources => TestFiles.AllDicom.Where(f => !PydicomComparisonTests.Malformed.Contains(f));

    public static TheoryData<string> SourceFiles => new(Sources);

    public static TheoryData<string, string> Syntaxes => new()
    {
        { "implicit", DicomTransferSyntax.ImplicitVRLittleEndian.Uid },
        { "explicit", DicomTransferSyntax.ExplicitVRLittleEndian.Uid },
        { "deflated", DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid },
        { "bigendian", DicomTransferSyntax.ExplicitVRBigEndian.Uid },
    };

    [Theory]
    [MemberData(nameof(SourceFiles))]
    public void Write_EverySyntax_ReadsBackSameDataset(string relativePath)
    {
        var original = DicomFile.Open(TestFiles.Get(relativePath));
        foreach (var (syntax, path) in _written.For(relativePath))
        {
            var back = DicomFile.Open(path);

            Assert.Equal(syntax.Uid, back.TransferSyntax.Uid);
            var diffs = DatasetAssert.Differences(original.Dataset, back.Dataset, compareVR: syntax.IsExplicitVR && original.TransferSyntax.IsExplicitVR);
            Assert.True(diffs.Count == 0, $"{syntax.Name}:\n" + string.Join("\n", diffs.Take(20)));
        }
    }

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void Write_EveryFileInSyntax_PydicomReadsSameValues(string name, string uid)
    {
        var files = _written.All.Where(w => w.Syntax.Uid == uid).ToList();
        Assert.NotEmpty(files);
        var failures = new List<string>();
        var all = PydicomCanonical.ForFiles(files.Select(f => f.Path));
        foreach (var (source, _, path) in files)
        {
            var theirs = all[path];
            if (theirs.TryGetProperty("error", out var error))
            {
                failures.Add($"{source}: pydicom failed: {error}");
                continue;
            }

            var ours = DicomFile.Open(path);
            var diffs = PydicomCanonical.Compare(ours.Dataset, theirs.GetProperty("elements"));
            if (diffs.Count > 0)
            {
                failures.Add($"{source} ({name}): " + string.Join("; ", diffs.Take(5)));
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void Write_EveryFileInSyntax_DcmdumpReadsWithoutError(string name, string uid)
    {
        var files = _written.All.Where(w => w.Syntax.Uid == uid).Select(w => w.Path).ToList();
        var output = TestFiles.Run("dcmdump", ["-q", "+E", .. files]); // -q: errors only; exits non-zero on a read error
        Assert.DoesNotContain("E: ", output, StringComparison.Ordinal);
        Assert.NotEmpty(name);
    }

    /// <summary>Every source written once per syntax into a temporary folder, shared by the tests of this class.</summary>
    public sealed class WrittenFiles : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), $"dsn-roundtrip-{Guid.NewGuid():N}");

        public WrittenFiles()
        {
            Directory.CreateDirectory(_folder);
            var all = new List<(string Source, DicomTransferSyntax Syntax, string Path)>();
            var i = 0;
            foreach (var source in Sources)
            {
                var file = DicomFile.Open(TestFiles.Get(source));
                var syntaxes = file.TransferSyntax.IsEncapsulated
                    ? [file.TransferSyntax]
                    : Syntaxes.Select(s => DicomTransferSyntax.FromUid((string)s[1])).ToArray();
                foreach (var syntax in syntaxes)
                {
                    var path = Path.Combine(_folder, $"{i++:D4}-{Path.GetFileNameWithoutExtension(source)}.dcm");
                    new DicomFile(file.Dataset, syntax).Save(path);
                    all.Add((source, syntax, path));
                }
            }

            All = all;
        }

        public IReadOnlyList<(string Source, DicomTransferSyntax Syntax, string Path)> All { get; }

        public IEnumerable<(DicomTransferSyntax Syntax, string Path)> For(string source)
            => All.Where(w => w.Source == source).Select(w => (w.Syntax, w.Path));

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
