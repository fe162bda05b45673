using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Seg2DicomSeg.Content;
using DicomSegNode.Seg2DicomSeg.Sop;
using DicomSegNode.Seg2DicomSeg.Tests.Fixtures;

namespace DicomSegNode.Seg2DicomSeg.Tests.Sop;

public class SegmentationEncoderTests
{
    private static DicomDataset Only(DicomDataset ds, DicomTag sequence)
    {
        var seq = ds.GetSequence(sequence);
        Assert.NotNull(seq);
        Assert.Single(seq);
        return seq[0];
    }

    [Fact]
    public void Encode_RealCt_WritesEveryModuleAttributeTheIssueLists()
    {
        var sources = RealCt.Sources();
        var result = SegmentationEncoder.Encode(RealCt.Input(), RealCt.FixedTimeOptions);
        var ds = result.Dataset!;
        var src = sources[0];

        Assert.Equal(SegmentationOutcome.Encoded, result.Outcome);
        Assert.Equal(DicomUids.SegmentationStorage, ds.GetUid(DicomTags.SOPClassUID));
        Assert.Equal(result.SopInstanceUid, ds.GetUid(DicomTags.SOPInstanceUID));
        // Patient and study copied from the source.
        foreach (var tag in new[] { DicomTags.PatientName, DicomTags.PatientID, DicomTags.StudyInstanceUID, DicomTags.StudyDate, DicomTags.AccessionNumber, DicomTags.StudyID, DicomTags.SpecificCharacterSet })
        {
            Assert.Equal(src.GetString(tag), ds.GetString(tag));
        }

        Assert.True(ds.Contains(DicomTags.ReferringPhysicianName));
        // A new series, modality SEG; the source's frame of reference.
        Assert.Equal("SEG", ds.GetString(DicomTags.Modality));
        Assert.NotEqual(src.GetUid(DicomTags.SeriesInstanceUID), ds.GetUid(DicomTags.SeriesInstanceUID));
        Assert.Equal(901, ds.GetInt32(DicomTags.SeriesNumber));
        Assert.Equal(src.GetUid(DicomTags.FrameOfReferenceUID), ds.GetUid(DicomTags.FrameOfReferenceUID));
        // Equipment (enhanced: all four type 1).
        Assert.Equal("DicomSegNode", ds.GetString(DicomTags.Manufacturer));
        Assert.False(string.IsNullOrEmpty(ds.GetString(DicomTags.SoftwareVersions)));
        Assert.False(string.IsNullOrEmpty(ds.GetString(DicomTags.DeviceSerialNumber)));
        // Segmentation Image.
        Assert.Equal(["DERIVED", "PRIMARY"], ds.GetStrings(DicomTags.ImageType));
        Assert.Equal("LIVER_AI", ds.GetString(DicomTags.ContentLabel));
        Assert.Equal(new DateOnly(2026, 11, 22), ds.GetDate(DicomTags.ContentDate));
        Assert.True(ds.Contains(DicomTags.ContentCreatorName));
        Assert.Equal("BINARY", ds.GetString(DicomTags.SegmentationType));
        Assert.Equal((ushort)1, ds.GetUInt16(DicomTags.BitsAllocated));
        Assert.Equal(60, ds.GetInt32(DicomTags.NumberOfFrames));

        // Segments with codes, algorithm identification and colour.
        var segments = ds.GetSequence(DicomTags.SegmentSequence)!;
        Assert.Equal(3, segments.Count);
        var tumour = segments[1];
        Assert.Equal("49755003", Only(tumour, DicomTags.SegmentedPropertyCategoryCodeSequence).GetString(DicomTags.CodeValue));
        Assert.Equal("108369006", Only(tumour, DicomTags.SegmentedPropertyTypeCodeSequence).GetString(DicomTags.CodeValue));
        Assert.Equal("10200004", Only(tumour, DicomTags.AnatomicRegionSequence).GetString(DicomTags.CodeValue));
        Assert.Equal("AUTOMATIC", tumour.GetString(DicomTags.SegmentAlgorithmType));
        var algorithm = Only(tumour, DicomTags.SegmentationAlgorithmIdentificationSequence);
        Assert.Equal("123110", Only(algorithm, DicomTags.AlgorithmFamilyCodeSequence).GetString(DicomTags.CodeValue));
        Assert.Equal("1.2.0", algorithm.GetString(DicomTags.AlgorithmVersion));
        Assert.Equal(3, tumour.GetValueCount(DicomTags.RecommendedDisplayCIELabValue));

        // Dimensions: segment number, then position.
        var index = ds.GetSequence(DicomTags.DimensionIndexSequence)!;
        Assert.Equal(DicomTags.ReferencedSegmentNumber, index[0].GetAttributeTag(DicomTags.DimensionIndexPointer));
        Assert.Equal(DicomTags.ImagePositionPatient, index[1].GetAttributeTag(DicomTags.DimensionIndexPointer));
        Assert.Equal(Only(ds, DicomTags.DimensionOrganizationSequence).GetUid(DicomTags.DimensionOrganizationUID), index[1].GetUid(DicomTags.DimensionOrganizationUID));

        // Shared groups.
        var shared = Only(ds, DicomTags.SharedFunctionalGroupsSequence);
        Assert.Equal(src.GetDoubleArray(DicomTags.PixelSpacing), Only(shared, DicomTags.PixelMeasuresSequence).GetDoubleArray(DicomTags.PixelSpacing));
        Assert.Equal(2.0, Only(shared, DicomTags.PixelMeasuresSequence).GetDouble(DicomTags.SpacingBetweenSlices), 6);
        Assert.Equal(src.GetDoubleArray(DicomTags.ImageOrientationPatient), Only(shared, DicomTags.PlaneOrientationSequence).GetDoubleArray(DicomTags.ImageOrientationPatient));

        // Common Instance Reference: all 20 source instances under the source series.
        var referenced = Only(ds, DicomTags.ReferencedSeriesSequence);
        Assert.Equal(src.GetUid(DicomTags.SeriesInstanceUID), referenced.GetUid(DicomTags.SeriesInstanceUID));
        Assert.Equal(sources.Select(s => s.GetUid(DicomTags.SOPInstanceUID)).Order(), referenced.GetSequence(DicomTags.ReferencedInstanceSequence)!.Select(i => i.GetUid(DicomTags.ReferencedSOPInstanceUID)).Order());
    }

    [Fact]
    public void Encode_RealCt_FramesGoBySegmentThenAlongTheNormalWithTheirSourceImage()
    {
        var sources = RealCt.Sources();
        var ds = SegmentationEncoder.Encode(RealCt.Input(), RealCt.FixedTimeOptions).Dataset!;
        var perFrame = ds.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence)!;
        Assert.Equal(60, perFrame.Count);

        double previousZ = double.NegativeInfinity;
        for (int f = 0; f < perFrame.Count; f++)
        {
            var item = perFrame[f];
            int segment = Only(item, DicomTags.SegmentIdentificationSequence).GetUInt16(DicomTags.ReferencedSegmentNumber);
            uint[] dimension = Only(item, DicomTags.FrameContentSequence).GetUInt32Array(DicomTags.DimensionIndexValues);
            double[] position = Only(item, DicomTags.PlanePositionSequence).GetDoubleArray(DicomTags.ImagePositionPatient);
            var sourceImage = Only(Only(item, DicomTags.DerivationImageSequence), DicomTags.SourceImageSequence);
            string sourceUid = sourceImage.GetUid(DicomTags.ReferencedSOPInstanceUID)!;

            Assert.Equal((f / 20) + 1, segment);
            Assert.Equal([(uint)segment, (uint)((f % 20) + 1)], dimension);
            Assert.Equal("121322", Only(sourceImage, DicomTags.PurposeOfReferenceCodeSequence).GetString(DicomTags.CodeValue));
            // The named source image is the one at this frame's position.
            var named = sources.Single(s => s.GetUid(DicomTags.SOPInstanceUID) == sourceUid);
            Assert.Equal(named.GetDoubleArray(DicomTags.ImagePositionPatient), position);
            if (f % 20 == 0)
            {
                previousZ = double.NegativeInfinity;
            }

            Assert.True(position[2] > previousZ, "frames ascend along the slice normal (+z for axial)");
            previousZ = position[2];
        }
    }

    [Fact]
    public void Encode_RealCt_RoundTripThroughBytesGivesTheSameMasks()
    {
        var masks = RealCt.Masks();
        var result = SegmentationEncoder.Encode(RealCt.Input(masks), RealCt.FixedTimeOptions);
        byte[] bytes = new DicomFile(result.Dataset!, DicomTransferSyntax.ExplicitVRLittleEndian).ToBytes();

        var decoded = SegmentationReader.Read(DicomFile.Parse(bytes).Dataset);
        var grid = decoded.ToSourceGrid(RealCt.Sources());

        Assert.Equal(masks[0], grid[1]);
        Assert.Equal(masks[1], grid[2]);
        Assert.Equal(masks[2], grid[3]);
        Assert.Equal(["Liver", "Liver tumour", "Hepatic vessels"], decoded.Segments.Select(s => s.Label));
        Assert.Equal(new DisplayColor(221, 130, 101), decoded.Segments[0].Color);
    }

    [Fact]
    public void Encode_SameSeriesAndModelsTwice_SameUidsAndSameBytes()
    {
        var a = SegmentationEncoder.Encode(RealCt.Input(), RealCt.FixedTimeOptions);
        var b = SegmentationEncoder.Encode(RealCt.Input(), RealCt.FixedTimeOptions);

        Assert.Equal(a.SopInstanceUid, b.SopInstanceUid);
        Assert.Equal(a.SeriesInstanceUid, b.SeriesInstanceUid);
        Assert.Equal(new DicomFile(a.Dataset!).ToBytes(), new DicomFile(b.Dataset!).ToBytes());
    }

    [Fact]
    public void Encode_OtherModelVersion_OtherUids()
    {
        var input = RealCt.Input();
        var a = SegmentationEncoder.Encode(input, RealCt.FixedTimeOptions);
        var b = SegmentationEncoder.Encode(input with { ModelVersions = ["liver@1.3.0", "vessels@1.0.3"] }, RealCt.FixedTimeOptions);

        Assert.NotEqual(a.SopInstanceUid, b.SopInstanceUid);
        Assert.NotEqual(a.SeriesInstanceUid, b.SeriesInstanceUid);
    }

    [Fact]
    public void Encode_AllMasksEmpty_SaysSoAndWritesNoObject()
    {
        var empty = new byte[RealCt.Rows * RealCt.Columns * RealCt.Slices];
        var result = SegmentationEncoder.Encode(RealCt.Input([empty, empty, empty]));

        Assert.Equal(SegmentationOutcome.AllSegmentsEmpty, result.Outcome);
        Assert.Null(result.Dataset);
        Assert.Equal([1, 2, 3], result.EmptySegmentNumbers);
        Assert.Contains("empty", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_OmitEmptyFrames_WritesOnlyFramesWithPixelsAndKeepsOneForAnEmptySegment()
    {
        var masks = RealCt.Masks();
        var result = SegmentationEncoder.Encode(RealCt.Input(masks), RealCt.FixedTimeOptions with { OmitEmptyFrames = true });
        int pixels = RealCt.Rows * RealCt.Columns;
        int nonEmpty(byte[] m) => Enumerable.Range(0, RealCt.Slices).Count(k => m.AsSpan(k * pixels, pixels).IndexOfAnyExcept((byte)0) >= 0);

        Assert.Equal(nonEmpty(masks[0]) + 1 + nonEmpty(masks[2]), result.FrameCount);
        Assert.Equal([2], result.EmptySegmentNumbers);
        var grid = SegmentationReader.Read(DicomFile.Parse(new DicomFile(result.Dataset!).ToBytes()).Dataset).ToSourceGrid(RealCt.Sources());
        Assert.Equal(masks[0], grid[1]);
        Assert.Equal(masks[2], grid[3]);
        Assert.NotEqual(SegmentationEncoder.Encode(RealCt.Input(masks), RealCt.FixedTimeOptions).SopInstanceUid, result.SopInstanceUid);
    }

    [Fact]
    public void Encode_SegmentSelectionWithGap_WritesOnlyTheChosenSegmentsNumberedFromOne()
    {
        var result = SegmentationEncoder.Encode(RealCt.Input(), RealCt.FixedTimeOptions with { SegmentNumbers = [3, 1] });

        Assert.Equal([1, 2], result.SegmentNumbers);
        Assert.Equal(1, result.SegmentNumberMap[1]);
        Assert.Equal(2, result.SegmentNumberMap[3]);
        Assert.Equal(40, result.FrameCount);
        var written = result.Dataset!.GetSequence(DicomTags.SegmentSequence)!;
        Assert.Equal(["Liver", "Hepatic vessels"], written.Select(s => s.GetString(DicomTags.SegmentLabel)));
        Assert.Equal([(ushort)1, (ushort)2], written.Select(s => s.GetUInt16(DicomTags.SegmentNumber)));
    }

    [Fact]
    public void Encode_SelectedSegmentNotGiven_ThrowsListingTheGivenOnes()
    {
        var ex = Assert.Throws<SegmentationInputException>(() => SegmentationEncoder.Encode(RealCt.Input(), new SegmentationOptions { SegmentNumbers = [7] }));
        Assert.Contains("1, 2, 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_MaskOfWrongSize_ThrowsNamingTheSegmentAndGrid()
    {
        var sources = SyntheticSeries.Create(8, 8, 3);
        var input = new SegmentationInput(sources, [new SegmentData(StandardSegments.Liver(RealCt.Algorithm), new byte[100])], RealCt.ModelVersions);

        var ex = Assert.Throws<SegmentationInputException>(() => SegmentationEncoder.Encode(input));
        Assert.Contains("3 x 8 x 8 = 192", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_DuplicateSegmentNumber_Throws()
    {
        var sources = SyntheticSeries.Create(4, 4, 2);
        var mask = new byte[32];
        var input = new SegmentationInput(sources, [new SegmentData(StandardSegments.Liver(RealCt.Algorithm), mask), new SegmentData(StandardSegments.Liver(RealCt.Algorithm), mask)], RealCt.ModelVersions);

        Assert.Throws<SegmentationInputException>(() => SegmentationEncoder.Encode(input));
    }

    [Fact]
    public void Encode_SourceSliceWithOtherOrientation_ThrowsNamingTheInstance()
    {
        var sources = SyntheticSeries.Create(4, 4, 3);
        sources[2].SetDecimalString(DicomTags.ImageOrientationPatient, 0, 1, 0, 1, 0, 0);
        var input = new SegmentationInput(sources, [new SegmentData(StandardSegments.Liver(RealCt.Algorithm), Enumerable.Repeat((byte)1, 48).ToArray())], RealCt.ModelVersions);

        var ex = Assert.Throws<SegmentationInputException>(() => SegmentationEncoder.Encode(input));
        Assert.StartsWith("Instance 2:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_SourceWithoutPosition_ThrowsNamingTheAttribute()
    {
        var sources = SyntheticSeries.Create(4, 4, 2);
        sources[1].Remove(DicomTags.ImagePositionPatient);
        var input = new SegmentationInput(sources, [new SegmentData(StandardSegments.Liver(RealCt.Algorithm), Enumerable.Repeat((byte)1, 32).ToArray())], RealCt.ModelVersions);

        var ex = Assert.Throws<SegmentationInputException>(() => SegmentationEncoder.Encode(input));
        Assert.Contains("ImagePositionPatient", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_NoModelVersions_Throws()
    {
        Assert.Throws<SegmentationInputException>(() => SegmentationEncoder.Encode(RealCt.Input() with { ModelVersions = [] }));
    }

    private static SegmentationInput OneSegment(List<DicomDataset> sources, int pixels) =>
        new(sources, [new SegmentData(StandardSegments.Liver(RealCt.Algorithm), Enumerable.Repeat((byte)1, pixels).ToArray())], RealCt.ModelVersions);

    [Fact]
    public void Encode_UnevenSliceSpacing_LeavesOutSpacingBetweenSlices()
    {
        var sources = SyntheticSeries.Create(4, 4, 3);
        sources[0].SetDecimalString(DicomTags.ImagePositionPatient, -100, -120, 60); // gaps 2.5 and 7.5 mm

        var ds = SegmentationEncoder.Encode(OneSegment(sources, 48)).Dataset!;

        var measures = Only(Only(ds, DicomTags.SharedFunctionalGroupsSequence), DicomTags.PixelMeasuresSequence);
        Assert.False(measures.Contains(DicomTags.SpacingBetweenSlices));
        Assert.True(measures.Contains(DicomTags.SliceThickness));
    }

    [Fact]
    public void Encode_TwoSlicesOnOnePlane_ThrowsNamingBoth()
    {
        var sources = SyntheticSeries.Create(4, 4, 3);
        sources[2].SetDecimalString(DicomTags.ImagePositionPatient, sources[1].GetDoubleArray(DicomTags.ImagePositionPatient));

        var ex = Assert.Throws<SegmentationInputException>(() => SegmentationEncoder.Encode(OneSegment(sources, 48)));
        Assert.Contains("same plane", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_SameInstanceTwice_Throws()
    {
        var sources = SyntheticSeries.Create(4, 4, 2);
        sources[1].SetUid(DicomTags.SOPInstanceUID, sources[0].GetUid(DicomTags.SOPInstanceUID)!);

        var ex = Assert.Throws<SegmentationInputException>(() => SegmentationEncoder.Encode(OneSegment(sources, 32)));
        Assert.Contains("given twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_SliceOfAnotherSeries_Throws()
    {
        var sources = SyntheticSeries.Create(4, 4, 2);
        sources[1].SetUid(DicomTags.SeriesInstanceUID, "1.2.3.4");

        var ex = Assert.Throws<SegmentationInputException>(() => SegmentationEncoder.Encode(OneSegment(sources, 32)));
        Assert.Contains("SeriesInstanceUID", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_LossySource_MarksTheSegLossy()
    {
        var sources = SyntheticSeries.Create(4, 4, 2);
        sources[1].SetString(DicomTags.LossyImageCompression, DicomVR.CS, "01");

        var ds = SegmentationEncoder.Encode(OneSegment(sources, 32)).Dataset!;

        Assert.Equal("01", ds.GetString(DicomTags.LossyImageCompression));
    }

    [Fact]
    public void Encode_NonLatinPatientName_KeepsTheSourceCharacterSetAndName()
    {
        var sources = SyntheticSeries.Create(4, 4, 2);

        var bytes = new DicomFile(SegmentationEncoder.Encode(OneSegment(sources, 32)).Dataset!).ToBytes();
        var back = DicomFile.Parse(bytes).Dataset;

        Assert.Equal("ISO_IR 192", back.GetString(DicomTags.SpecificCharacterSet));
        Assert.Equal("Müller^Jürgen", back.GetString(DicomTags.PatientName));
    }

    [Fact]
    public void Encode_InvalidOptions_ThrowsListingThem()
    {
        var ex = Assert.Throws<ArgumentException>(() => SegmentationEncoder.Encode(RealCt.Input(), new SegmentationOptions { ContentLabel = "lower" }));
        Assert.Contains("ContentLabel", ex.Message, StringComparison.Ordinal);
    }
}
