using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;

namespace DicomSegNode.Dicom.Tests.Data;

public sealed class PrivateAndPersonNameTests
{
    [Fact]
    public void GetPrivateTag_NewCreator_ReservesFirstFreeBlockAndSurvivesImplicitWrite()
    {
        var ds = new DicomDataset();
        var a = ds.GetPrivateTag(0x0029, "DICOMSEGNODE A", 0x01);
        var b = ds.GetPrivateTag(0x0029, "DICOMSEGNODE B", 0x01);
        ds.SetString(a, DicomVR.LO, "value a");

        Assert.Equal(new DicomTag(0x0029, 0x1001), a);
        Assert.Equal(new DicomTag(0x0029, 0x1101), b);
        Assert.Equal(a, ds.GetPrivateTag(0x0029, "DICOMSEGNODE A", 0x01));

        var back = DicomDatasetReader.Read(DicomDatasetWriter.ToBytes(ds, DicomTransferSyntax.ImplicitVRLittleEndian), DicomTransferSyntax.ImplicitVRLittleEndian);
        Assert.Equal("DICOMSEGNODE A", back.GetPrivateCreator(a));
        Assert.Equal("value a"u8.ToArray().Append((byte)' '), back.GetBytes(a).ToArray()); // UN in Implicit VR: bytes kept, padded
    }

    [Fact]
    public void GetPrivateTag_EvenGroup_ThrowsDicomValueException()
    {
        Assert.Throws<DicomValueException>(() => new DicomDataset().GetPrivateTag(0x0010, "X", 1));
    }

    [Fact]
    public void GetPrivateCreator_RealFile_NamesTheCreator()
    {
        var ds = DicomFile.Open(TestFiles.Get("pydicom/CT_small.dcm")).Dataset;

        Assert.Equal("GEMS_IDEN_01", ds.GetPrivateCreator(new DicomTag(0x0009, 0x1002)));
        Assert.Null(ds.GetPrivateCreator(DicomTags.PatientName));
    }

    [Fact]
    public void GetPersonName_ThreeGroups_SplitsComponents()
    {
        var ds = DicomFile.Open(TestFiles.Get("pydicom/charset/chrH32.dcm")).Dataset;

        var name = ds.GetPersonName(DicomTags.PatientName)!.Value;

        Assert.Equal("ﾔﾏﾀﾞ", name.FamilyName);
        Assert.Equal("ﾀﾛｳ", name.GivenName);
        Assert.Equal("山田^太郎", name.Ideographic);
        Assert.Equal("やまだ^たろう", name.Phonetic);
        Assert.Equal("Doe^John", DicomPersonName.Parse("Doe^John^^^=").ToString());
    }
}
