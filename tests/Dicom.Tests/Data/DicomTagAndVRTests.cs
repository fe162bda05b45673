using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;

namespace DicomSegNode.Dicom.Tests.Data;

public sealed class DicomTagAndVRTests
{
    [Fact]
    public void Tag_ToStringAndParse_RoundTrip()
    {
        Assert.Equal("(7fe0,0010)", DicomTags.PixelData.ToString());
        Assert.Equal(DicomTags.PixelData, DicomTag.Parse("(7FE0,0010)"));
        Assert.Equal(DicomTags.PixelData, DicomTag.Parse("7fe00010"));
        Assert.False(DicomTag.TryParse("(7FE0,001)", out _));
    }

    [Fact]
    public void Tag_PrivateCreator_IsRecognised()
    {
        var data = new DicomTag(0x0009, 0x1030);

        Assert.True(data.IsPrivate);
        Assert.False(data.IsPrivateCreator);
        Assert.Equal(new DicomTag(0x0009, 0x0010), data.PrivateCreatorTag);
        Assert.True(new DicomTag(0x0009, 0x0010).IsPrivateCreator);
    }

    [Fact]
    public void VR_EveryCode_ParsesToItself()
    {
        Assert.Equal(34, DicomVR.All.Count);
        foreach (var vr in DicomVR.All)
        {
            Assert.True(DicomVR.TryParse((byte)vr.Code[0], (byte)vr.Code[1], out var parsed));
            Assert.Same(vr, parsed);
        }

        Assert.False(DicomVR.TryParse((byte)'Z', (byte)'Z', out _));
    }

    [Theory]
    [InlineData("OB", true)]
    [InlineData("SQ", true)]
    [InlineData("UT", true)]
    [InlineData("UC", true)]
    [InlineData("UR", true)]
    [InlineData("OV", true)]
    [InlineData("SV", true)]
    [InlineData("UV", true)]
    [InlineData("US", false)]
    [InlineData("PN", false)]
    public void VR_LengthField_MatchesPs35Table7_1(string code, bool longLength)
    {
        Assert.Equal(longLength, DicomVR.Parse(code).HasLongLength);
    }

    [Fact]
    public void Dictionary_KnownTags_HaveKeywordVRAndMultiplicity()
    {
        var entry = DicomDictionary.Find(DicomTags.ImagePositionPatient)!;

        Assert.Equal("ImagePositionPatient", entry.Keyword);
        Assert.Same(DicomVR.DS, entry.VR);
        Assert.Equal("3", entry.Multiplicity);
        Assert.Equal(DicomTags.PatientName, DicomDictionary.Find("PatientName")!.Tag);
        Assert.True(DicomDictionary.Count > 4000);
    }

    [Fact]
    public void Dictionary_RepeatingGroupAndPrivate_ResolveVR()
    {
        Assert.Contains(DicomVR.OW, DicomDictionary.Find(new DicomTag(0x6002, 0x3000))!.AlternativeVRs); // Overlay Data, 60xx: OB or OW
        Assert.Equal("OverlayData", DicomDictionary.GetKeyword(new DicomTag(0x6002, 0x3000)));
        Assert.Same(DicomVR.LO, DicomDictionary.GetVR(new DicomTag(0x0029, 0x0010)));
        Assert.Same(DicomVR.UN, DicomDictionary.GetVR(new DicomTag(0x0029, 0x1010)));
        Assert.Same(DicomVR.UL, DicomDictionary.GetVR(new DicomTag(0x0028, 0x0000)));
        Assert.True(DicomDictionary.IsAmbiguous(DicomTags.SmallestImagePixelValue));
        Assert.Contains(DicomVR.SS, DicomDictionary.Find(DicomTags.SmallestImagePixelValue)!.AlternativeVRs);
    }

    [Fact]
    public void Uids_Registry_KnowsStorageClassesAndSyntaxes()
    {
        Assert.Contains(DicomUids.CTImageStorage, DicomUids.StorageSopClasses);
        Assert.Contains(DicomUids.SegmentationStorage, DicomUids.StorageSopClasses);
        Assert.DoesNotContain(DicomUids.Verification, DicomUids.StorageSopClasses);
        Assert.DoesNotContain("1.2.840.10008.1.20.1", DicomUids.StorageSopClasses); // Storage Commitment Push Model
        Assert.True(DicomUids.StorageSopClasses.Count > 100);
        Assert.Equal("CT Image Storage", DicomUids.GetName(DicomUids.CTImageStorage));
        Assert.Contains(DicomUids.JPEGLosslessSV1, DicomUids.TransferSyntaxes);
    }

    [Fact]
    public void Uid_GenerateAndFromHash_AreValidAndDeterministic()
    {
        var a = DicomUid.Generate();
        var b = DicomUid.Generate();

        Assert.True(DicomUid.IsValid(a));
        Assert.NotEqual(a, b);
        Assert.StartsWith("2.25.", a, StringComparison.Ordinal);
        Assert.Equal(DicomUid.FromHash("seg", "1.2.3"), DicomUid.FromHash("seg", "1.2.3"));
        Assert.NotEqual(DicomUid.FromHash("seg", "1.2.3"), DicomUid.FromHash("seg", "1.2.4"));
        Assert.True(DicomUid.IsValid(DicomUid.FromHash("x")));
        Assert.True(DicomUid.IsValid(DicomUid.ImplementationClassUid));
    }
}
