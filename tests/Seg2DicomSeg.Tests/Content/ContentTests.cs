using DicomSegNode.Seg2DicomSeg.Content;
using DicomSegNode.Seg2DicomSeg.Enums;

namespace DicomSegNode.Seg2DicomSeg.Tests.Content;

public class ContentTests
{
    private static readonly AlgorithmIdentification Algorithm = new("liver-cascade", "1.2.0");

    [Theory]
    [InlineData("", "SCT", "Liver", "value")]
    [InlineData("10200004", "", "Liver", "scheme")]
    [InlineData("10200004", "SCT", " ", "meaning")]
    [InlineData("10200004", "SCT", "Li\\ver", "backslash")]
    [InlineData("10200004", "SCTSCTSCTSCTSCTSCT", "Liver", "16")]
    [InlineData("10200004 ", "SCT", "Liver", "trailing")]
    public void CodedConcept_InvalidPart_ThrowsSayingWhy(string value, string scheme, string meaning, string expectedInMessage)
    {
        var ex = Assert.Throws<ArgumentException>(() => new CodedConcept(value, scheme, meaning));
        Assert.Contains(expectedInMessage, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void CodedConcept_ValueLongerThan16_IsWrittenAsLongCodeValue()
    {
        Assert.True(new CodedConcept("12345678901234567", "SCT", "Long").IsLongValue);
        Assert.False(Codes.Liver.IsLongValue);
    }

    [Fact]
    public void SegmentDescription_AutomaticWithoutAlgorithm_ThrowsCitingTheStandard()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SegmentDescription(1, "Liver", Codes.AnatomicalStructure, Codes.Liver, SegmentAlgorithmType.Automatic, null));
        Assert.Contains("C.8.20.2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SegmentDescription_ManualWithoutAlgorithm_IsAccepted()
    {
        var segment = new SegmentDescription(1, "Liver", Codes.AnatomicalStructure, Codes.Liver, SegmentAlgorithmType.Manual, null);
        Assert.Null(segment.Algorithm);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public void SegmentDescription_NumberOutsideUs_Throws(int number)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SegmentDescription(number, "Liver", Codes.AnatomicalStructure, Codes.Liver, SegmentAlgorithmType.Automatic, Algorithm));
    }

    [Fact]
    public void SegmentDescription_LabelLongerThanLo_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SegmentDescription(1, new string('x', 65), Codes.AnatomicalStructure, Codes.Liver, SegmentAlgorithmType.Automatic, Algorithm));
        Assert.Contains("65 characters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AlgorithmIdentification_DefaultFamily_IsArtificialIntelligence()
    {
        Assert.True(Algorithm.Family.Matches(new CodedConcept("123110", "DCM", "Artificial Intelligence")));
    }

    [Fact]
    public void StandardSegments_Liver_UsesTheCodesTheIssueNames()
    {
        var liver = StandardSegments.Liver(Algorithm);
        var tumour = StandardSegments.Tumour(Algorithm);
        var vessels = StandardSegments.HepaticVessels(Algorithm);

        Assert.Equal(("91723000", "10200004"), (liver.Category.Value, liver.Type.Value));
        Assert.Equal(("49755003", "108369006", "10200004"), (tumour.Category.Value, tumour.Type.Value, tumour.AnatomicRegion!.Value));
        Assert.Equal(("91723000", "59820001", "10200004"), (vessels.Category.Value, vessels.Type.Value, vessels.AnatomicRegion!.Value));
        Assert.Equal([1, 2, 3], new[] { liver.Number, tumour.Number, vessels.Number });
    }

    [Fact]
    public void StandardSegments_LegacyCategory_Uses123037004()
    {
        Assert.Equal("123037004", StandardSegments.Liver(Algorithm, AnatomicalStructureCategory.Legacy).Category.Value);
    }

    [Fact]
    public void DisplayColor_SlicerLiverColour_MatchesDcmqiCieLabWithinRounding()
    {
        // dcmqi wrote 41661\41167\40792 for Slicer's liver colour (221,130,101) in ../shared/data/dcmqi/liver.dcm;
        // it uses slightly different matrix constants, hence a tolerance of a few units out of 65535.
        ushort[] lab = new DisplayColor(221, 130, 101).ToDicomCieLab();

        Assert.InRange(lab[0], 41661 - 4, 41661 + 4);
        Assert.InRange(lab[1], 41167 - 4, 41167 + 4);
        Assert.InRange(lab[2], 40792 - 4, 40792 + 4);
    }

    [Theory]
    [InlineData(221, 130, 101)]
    [InlineData(0, 0, 0)]
    [InlineData(255, 255, 255)]
    [InlineData(0, 151, 206)]
    [InlineData(255, 215, 0)]
    public void DisplayColor_RoundTripThroughCieLab_GivesTheSameRgb(byte r, byte g, byte b)
    {
        var color = new DisplayColor(r, g, b);
        var back = DisplayColor.FromDicomCieLab(color.ToDicomCieLab());

        Assert.InRange(Math.Abs(back.R - r), 0, 1);
        Assert.InRange(Math.Abs(back.G - g), 0, 1);
        Assert.InRange(Math.Abs(back.B - b), 0, 1);
    }
}
