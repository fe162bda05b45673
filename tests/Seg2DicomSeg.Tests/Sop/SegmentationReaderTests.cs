using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Seg2DicomSeg.Enums;
using DicomSegNode.Seg2DicomSeg.Sop;
using DicomSegNode.Seg2DicomSeg.Tests.Fixtures;
using DicomSegNode.Seg2DicomSeg.Tests.Interop;

namespace DicomSegNode.Seg2DicomSeg.Tests.Sop;

public class SegmentationReaderTests
{
    /// <summary>Every SEG of ../shared/data (copied into TestData) with native pixel data: our reader must give
    /// exactly the frames pydicom gives (dcmqi, pydicom-data in other encodings, highdicom incl. FRACTIONAL).</summary>
    public static TheoryData<string> NativeSegs =>
    [
        "dcmqi/liver.dcm",
        "pydicom-data/liver.dcm",
        "pydicom-data/liver_expb.dcm",
        "pydicom-data/liver_nonbyte_aligned.dcm",
        "highdicom/seg_image_ct_binary.dcm",
        "highdicom/seg_image_ct_binary_fractional.dcm",
        "highdicom/seg_image_ct_binary_overlap.dcm",
        "highdicom/seg_image_ct_binary_single_frame.dcm",
        "highdicom/seg_image_ct_true_fractional.dcm",
    ];

    /// <summary>The same liver SEGs compressed (pydicom-data): pydicom 2.3 and the data model's pixel decoder
    /// cannot decode 1-bit RLE or Deflated Image Frame Compression, so the oracle is the uncompressed original.</summary>
    public static TheoryData<string, string> CompressedSegs => new()
    {
        { "pydicom-data/liver_rle.dcm", "pydicom-data/liver.dcm" },
        { "pydicom-data/liver_nonbyte_aligned_rle.dcm", "pydicom-data/liver_nonbyte_aligned.dcm" },
        { "pydicom-data/liver_deflate.dcm", "pydicom-data/liver.dcm" },
        { "pydicom-data/liver_nonbyte_aligned_deflate.dcm", "pydicom-data/liver_nonbyte_aligned.dcm" },
    };

    [Theory]
    [MemberData(nameof(NativeSegs))]
    public void Read_SegFromOtherWriters_FramesEqualPydicoms(string relativePath)
    {
        string path = TestPaths.Data(relativePath.Split('/'));
        var ours = SegmentationReader.Read(DicomFile.Open(path).Dataset);
        var run = ExternalTool.Run("/usr/bin/python3", Path.Combine(TestPaths.Interop, "decode_seg_pydicom.py"), path);
        Assert.True(run.ExitCode == 0, run.StandardError);
        var pydicom = DecoderOutput.Parse(run.StandardOutput);

        Assert.Equal(pydicom.Frames.Count, ours.Frames.Count);
        Assert.Equal(pydicom.Segments.Select(s => s.Number), ours.Segments.Select(s => s.Number));
        for (int f = 0; f < ours.Frames.Count; f++)
        {
            Assert.Equal(pydicom.Frames[f].SegmentNumber, ours.Frames[f].SegmentNumber);
            Assert.Equal(pydicom.Frames[f].SourceSopInstanceUid, ours.Frames[f].SourceSopInstanceUid);
            Assert.True(pydicom.Frames[f].Pixels.AsSpan().SequenceEqual(ours.Frames[f].Pixels), $"{relativePath}: frame {f + 1} differs from pydicom's");
        }

        Assert.Contains(ours.Frames, f => f.Pixels.Any(v => v != 0));
    }

    [Fact]
    public void ToSourceGrid_DcmqiLiverOnItsCt_PutsFramesOnTheirSlices()
    {
        var sources = new[] { "01.dcm", "02.dcm", "03.dcm" }.Select(n => DicomFile.Open(TestPaths.Data("dcmqi", "ct-3slice", n)).Dataset).ToList();
        var seg = SegmentationReader.Read(DicomFile.Open(TestPaths.Data("dcmqi", "liver.dcm")).Dataset);

        var grid = seg.ToSourceGrid(sources)[1];

        int pixels = 512 * 512;
        for (int f = 0; f < 3; f++)
        {
            int slice = sources.FindIndex(s => s.GetUid(DicomTags.SOPInstanceUID) == seg.Frames[f].SourceSopInstanceUid);
            Assert.True(grid.AsSpan(slice * pixels, pixels).SequenceEqual(seg.Frames[f].Pixels));
        }

        // dcmqi's frame 1 is at z = -128.69, which is the third file (01.dcm is at -126.69).
        Assert.Equal(2, sources.FindIndex(s => s.GetUid(DicomTags.SOPInstanceUID) == seg.Frames[0].SourceSopInstanceUid));
    }

    [Fact]
    public void ToSourceGrid_HighdicomSegOnItsCt_MatchesByPositionOrUid()
    {
        var ct = DicomFile.Open(TestPaths.Data("highdicom", "ct_image.dcm")).Dataset;
        var seg = SegmentationReader.Read(DicomFile.Open(TestPaths.Data("highdicom", "seg_image_ct_binary_single_frame.dcm")).Dataset);

        var grid = seg.ToSourceGrid([ct]);

        Assert.Equal(seg.Segments.Count, grid.Count);
        Assert.Contains(grid.Values, m => m.Any(v => v != 0));
    }

    [Fact]
    public void Read_FractionalSeg_ReportsTypeAndMaximum()
    {
        var seg = SegmentationReader.Read(DicomFile.Open(TestPaths.Data("highdicom", "seg_image_ct_true_fractional.dcm")).Dataset);

        Assert.Equal(SegmentationType.Fractional, seg.Type);
        Assert.True(seg.MaximumValue > 1);
    }

    [Theory]
    [MemberData(nameof(CompressedSegs))]
    public void Read_RleOrDeflatedFrames_EqualTheUncompressedOriginal(string compressed, string original)
    {
        var ours = SegmentationReader.Read(DicomFile.Open(TestPaths.Data(compressed.Split('/'))));
        var expected = SegmentationReader.Read(DicomFile.Open(TestPaths.Data(original.Split('/'))));

        Assert.Equal(expected.Frames.Count, ours.Frames.Count);
        for (int f = 0; f < ours.Frames.Count; f++)
        {
            Assert.Equal(expected.Frames[f].SegmentNumber, ours.Frames[f].SegmentNumber);
            Assert.True(expected.Frames[f].Pixels.AsSpan().SequenceEqual(ours.Frames[f].Pixels), $"{compressed}: frame {f + 1} differs");
        }
    }

    [Theory]
    [InlineData("pydicom-data/liver_j2k.dcm")]
    [InlineData("pydicom-data/liver_nonbyte_aligned_j2k.dcm")]
    public void Read_Jpeg2000Frames_ThrowsNamingTheTransferSyntax(string relativePath)
    {
        var file = DicomFile.Open(TestPaths.Data(relativePath.Split('/')));

        var ex = Assert.Throws<SegmentationFormatException>(() => SegmentationReader.Read(file));
        Assert.Contains(file.TransferSyntax.Uid, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EncapsulatedDatasetWithoutItsFile_ThrowsSayingWhatIsMissing()
    {
        var ds = DicomFile.Open(TestPaths.Data("pydicom-data", "liver_rle.dcm")).Dataset;

        var ex = Assert.Throws<SegmentationFormatException>(() => SegmentationReader.Read(ds));
        Assert.Contains("transfer syntax", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EncapsulatedWithHugeFrameCount_ThrowsBeforeAllocating()
    {
        var file = DicomFile.Open(TestPaths.Data("pydicom-data", "liver_rle.dcm"));
        file.Dataset.SetIntegerString(DicomTags.NumberOfFrames, int.MaxValue);
        file.Dataset.Remove(DicomTags.PerFrameFunctionalGroupsSequence);

        var ex = Assert.Throws<SegmentationFormatException>(() => SegmentationReader.Read(file));
        Assert.Contains("fragments", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CorruptRleFrame_ThrowsFormatException()
    {
        var bytes = File.ReadAllBytes(TestPaths.Data("pydicom-data", "liver_rle.dcm"));
        // Damage the RLE header of the first frame: its segment count, just after the offset table item.
        var file = DicomFile.Parse(bytes);
        var fragments = file.Dataset.GetFragments(DicomTags.PixelData)!;
        var first = fragments.Fragments[0].ToArray();
        first[0] = 9;
        var damaged = new DicomFragments(fragments.BasicOffsetTable, fragments.Fragments.Skip(1).Prepend(first));
        file.Dataset.SetFragments(DicomTags.PixelData, damaged);

        Assert.Throws<SegmentationFormatException>(() => SegmentationReader.Read(file));
    }

    private static DicomDataset OurSeg() =>
        SegmentationEncoder.Encode(RealCt.Input(), RealCt.FixedTimeOptions with { SegmentNumbers = [1] }).Dataset!;

    [Fact]
    public void Read_NotASeg_ThrowsNamingTheSopClass()
    {
        var ex = Assert.Throws<SegmentationFormatException>(() => SegmentationReader.Read(RealCt.Sources()[0]));
        Assert.Contains(DicomUids.CTImageStorage, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedPixelData_ThrowsWithSizes()
    {
        var ds = OurSeg();
        ds.SetBytes(DicomTags.PixelData, DicomVR.OB, ds.GetBytes(DicomTags.PixelData)[..1000]);

        var ex = Assert.Throws<SegmentationFormatException>(() => SegmentationReader.Read(ds));
        Assert.Contains("1000 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FrameCountDisagreesWithPerFrameItems_Throws()
    {
        var ds = OurSeg();
        ds.SetIntegerString(DicomTags.NumberOfFrames, 19);

        var ex = Assert.Throws<SegmentationFormatException>(() => SegmentationReader.Read(ds));
        Assert.Contains("20 items for 19 frames", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HugeFrameCountClaim_ThrowsBeforeAllocating()
    {
        var ds = OurSeg();
        ds.SetIntegerString(DicomTags.NumberOfFrames, int.MaxValue);
        ds.Remove(DicomTags.PerFrameFunctionalGroupsSequence);

        Assert.Throws<SegmentationFormatException>(() => SegmentationReader.Read(ds));
    }

    [Fact]
    public void Read_NoSegmentSequence_Throws()
    {
        var ds = OurSeg();
        ds.Remove(DicomTags.SegmentSequence);

        Assert.Throws<SegmentationFormatException>(() => SegmentationReader.Read(ds));
    }

    [Fact]
    public void Read_BinaryWithEightBitsAllocated_ThrowsCitingTheStandard()
    {
        var ds = OurSeg();
        ds.SetUInt16(DicomTags.BitsAllocated, 8);

        var ex = Assert.Throws<SegmentationFormatException>(() => SegmentationReader.Read(ds));
        Assert.Contains("C.8.20.2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSourceGrid_FrameOfAnotherSeries_ThrowsInsteadOfDroppingIt()
    {
        var seg = SegmentationReader.Read(OurSeg());
        var other = SyntheticSeries.Create(512, 512, 20);

        var ex = Assert.Throws<SegmentationFormatException>(() => seg.ToSourceGrid(other));
        Assert.Contains("fits no source slice", ex.Message, StringComparison.Ordinal);
    }
}
