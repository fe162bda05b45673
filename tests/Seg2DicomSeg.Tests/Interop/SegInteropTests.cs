using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Seg2DicomSeg.Content;
using DicomSegNode.Seg2DicomSeg.Enums;
using DicomSegNode.Seg2DicomSeg.Sop;
using DicomSegNode.Seg2DicomSeg.Tests.Fixtures;
using Xunit.Abstractions;

namespace DicomSegNode.Seg2DicomSeg.Tests.Interop;

/// <summary>
/// Our SEGs against the real external checkers: dciodvfy (dicom3tools) must report no error, and pydicom and
/// dcmjs (what OHIF loads SEG with) must decode every frame to exactly what our reader and the input say.
/// </summary>
public sealed class SegInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("seg-interop-").FullName;
    private readonly ITestOutputHelper _output;

    public SegInteropTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Cases => ["real-ct", "synthetic-511", "single-frame", "oblique", "real-ct-sparse", "legacy-category"];

    private static (SegmentationInput Input, SegmentationOptions Options) Build(string name)
    {
        var options = RealCt.FixedTimeOptions;
        switch (name)
        {
            case "real-ct":
                return (RealCt.Input(), options);
            case "real-ct-sparse":
                return (RealCt.Input(), options with { OmitEmptyFrames = true });
            case "legacy-category":
            {
                var sources = SyntheticSeries.Create(32, 32, 4, seed: name);
                var legacy = AnatomicalStructureCategory.Legacy;
                return (new SegmentationInput(sources, [Segment(StandardSegments.Liver(RealCt.Algorithm, legacy), 32, 32, 4, 0), Segment(StandardSegments.HepaticVessels(RealCt.Algorithm, legacy), 32, 32, 4, 2)], RealCt.ModelVersions), options);
            }

            case "synthetic-511":
            {
                var sources = SyntheticSeries.Create(511, 511, 3, seed: name);
                return (new SegmentationInput(sources, [Segment(StandardSegments.Liver(RealCt.Algorithm), 511, 511, 3, 0), Segment(StandardSegments.HepaticVessels(RealCt.Algorithm), 511, 511, 3, 1)], RealCt.ModelVersions), options);
            }

            case "single-frame":
            {
                var sources = SyntheticSeries.Create(37, 29, 1, seed: name);
                return (new SegmentationInput(sources, [Segment(StandardSegments.Liver(RealCt.Algorithm), 37, 29, 1, 0)], RealCt.ModelVersions), options);
            }

            case "oblique":
            {
                // Rows along (cos 30, sin 30, 0), columns tilted 20 degrees out of the axial plane.
                double c30 = Math.Cos(Math.PI / 6), s30 = Math.Sin(Math.PI / 6), c20 = Math.Cos(Math.PI / 9), s20 = Math.Sin(Math.PI / 9);
                double[] orientation = [c30, s30, 0, -s30 * c20, c30 * c20, s20];
                var sources = SyntheticSeries.Create(64, 48, 7, orientation, spacing: 3, seed: name);
                return (new SegmentationInput(sources, [Segment(StandardSegments.Liver(RealCt.Algorithm), 64, 48, 7, 0), Segment(StandardSegments.Tumour(RealCt.Algorithm), 64, 48, 7, 2), Segment(StandardSegments.HepaticVessels(RealCt.Algorithm), 64, 48, 7, 1)], RealCt.ModelVersions), options);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, null);
        }
    }

    private static SegmentData Segment(SegmentDescription description, int rows, int columns, int slices, int seed) =>
        new(description, SyntheticSeries.Disc(rows, columns, slices, seed, emptyEvery: seed == 1 ? 2 : 0));

    private string Write(string name, out SegmentationInput input, out SegmentationEncodeResult result)
    {
        (input, var options) = Build(name);
        result = SegmentationEncoder.Encode(input, options);
        Assert.Equal(SegmentationOutcome.Encoded, result.Outcome);
        string path = Path.Combine(_dir, name + ".dcm");
        new DicomFile(result.Dataset!, DicomTransferSyntax.ExplicitVRLittleEndian).Save(path);
        // SEG_TEST_KEEP=<folder> keeps the objects for a look with dcmdump, dciodvfy or a viewer.
        if (Environment.GetEnvironmentVariable("SEG_TEST_KEEP") is { Length: > 0 } keep)
        {
            Directory.CreateDirectory(keep);
            File.Copy(path, Path.Combine(keep, name + ".dcm"), overwrite: true);
        }

        return path;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Dciodvfy_OurSeg_ReportsNoErrors(string name)
    {
        string path = Write(name, out _, out _);

        var (errors, warnings) = ExternalTool.Dciodvfy(path);
        foreach (string warning in warnings.Distinct())
        {
            _output.WriteLine(warning);
        }

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decoders_PydicomDcmjsAndOurs_RecoverTheEncodedMasksFrameByFrame(string name)
    {
        string path = Write(name, out var input, out var result);
        var numbers = result.SegmentNumberMap;
        var ours = SegmentationReader.Read(DicomFile.Open(path).Dataset);

        var pydicom = ExternalTool.Run("/usr/bin/python3", Path.Combine(TestPaths.Interop, "decode_seg_pydicom.py"), path);
        Assert.True(pydicom.ExitCode == 0, pydicom.StandardError);
        var dcmjs = ExternalTool.Run("node", Path.Combine(TestPaths.Interop, "decode-seg.js"), path);
        Assert.True(dcmjs.ExitCode == 0, dcmjs.StandardError + " (run `npm ci` in tests/interop; scripts/test.sh does)");

        foreach (var external in new[] { DecoderOutput.Parse(pydicom.StandardOutput), DecoderOutput.Parse(dcmjs.StandardOutput) })
        {
            Assert.Equal("BINARY", external.SegmentationType);
            Assert.Equal(result.FrameCount, external.Frames.Count);
            Assert.Equal(ours.Segments.Select(s => (s.Number, s.Label, s.Category!.Value, s.Type!.Value)), external.Segments.Select(s => (s.Number, s.Label, s.Category, s.Type)));
            for (int f = 0; f < ours.Frames.Count; f++)
            {
                var mine = ours.Frames[f];
                var theirs = external.Frames[f];
                Assert.Equal(mine.SegmentNumber, theirs.SegmentNumber);
                Assert.Equal(mine.SourceSopInstanceUid, theirs.SourceSopInstanceUid);
                Assert.Equal(mine.Position!, theirs.ImagePositionPatient!);
                Assert.True(mine.Pixels.AsSpan().SequenceEqual(theirs.Pixels), $"frame {f + 1} differs");
            }
        }

        // And what the three agree on is what went in, position by position on the source grid.
        var grid = ours.ToSourceGrid(input.SourceInstances);
        foreach (var segment in input.Segments)
        {
            byte[] expected = [.. segment.Mask.ToArray().Select(v => v != 0 ? (byte)1 : (byte)0)];
            Assert.Equal(expected, grid[numbers[segment.Description.Number]]);
        }
    }
}
