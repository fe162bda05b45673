using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Dicom.Text;

namespace DicomSegNode.Dicom.Tests.Text;

public sealed class DicomCharacterSetTests
{
    [Theory]
    [InlineData("pydicom/charset/chrH31.dcm", "Yamada^Tarou=山田^太郎=やまだ^たろう")]
    [InlineData("pydicom/charset/chrH32.dcm", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう")]
    [InlineData("pydicom/charset/chrI2.dcm", "Hong^Gildong=洪^吉洞=홍^길동")]
    [InlineData("pydicom/charset/chrX2.dcm", "Wang^XiaoDong=王^小东=")]
    [InlineData("pydicom/charset/chrRuss.dcm", "Люкceмбypг")]
    [InlineData("pydicom/charset/chrGreek.dcm", "Διονυσιος")]
    [InlineData("pydicom/charset/chrArab.dcm", "قباني^لنزار")]
    [InlineData("pydicom/charset/chrHbrw.dcm", "שרון^דבורה")]
    public void GetString_NonLatinPatientName_DecodesAsTheStandardExample(string relativePath, string expected)
    {
        var ds = DicomFile.Open(TestFiles.Get(relativePath)).Dataset;

        Assert.Equal(expected, ds.GetString(DicomTags.PatientName));
    }

    [Theory]
    [InlineData("pydicom/charset/chrH31.dcm")]
    [InlineData("pydicom/charset/chrI2.dcm")]
    [InlineData("pydicom/charset/chrX1.dcm")]
    [InlineData("pydicom/charset/chrRuss.dcm")]
    [InlineData("pydicom/charset/chrJapMulti.dcm")]
    public void WriteThenRead_NonLatinName_Survives(string relativePath)
    {
        var original = DicomFile.Open(TestFiles.Get(relativePath));

        var back = DicomFile.Parse(new DicomFile(original.Dataset, DicomTransferSyntax.ImplicitVRLittleEndian).ToBytes());

        Assert.Equal(original.Dataset.GetString(DicomTags.PatientName), back.Dataset.GetString(DicomTags.PatientName));
    }

    [Theory]
    [InlineData("ISO_IR 192", "Dürst^Ærøskøbing=山田")]
    [InlineData("ISO_IR 100", "Dürst^Jérôme")]
    [InlineData("ISO_IR 144", "Люксембург")]
    [InlineData("ISO_IR 126", "Διονυσιος")]
    [InlineData("GB18030", "王^小东")]
    public void SetString_WithCharacterSet_EncodesAndDecodes(string characterSet, string name)
    {
        var ds = new DicomDataset().SetString(DicomTags.SpecificCharacterSet, characterSet).SetString(DicomTags.PatientName, name);

        var back = DicomDatasetReader.Read(DicomDatasetWriter.ToBytes(ds, DicomTransferSyntax.ExplicitVRLittleEndian), DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal(name, back.GetString(DicomTags.PatientName));
    }

    [Fact]
    public void SetString_CharacterOutsideRepertoire_ThrowsDicomValueException()
    {
        var ds = new DicomDataset().SetString(DicomTags.SpecificCharacterSet, "ISO_IR 100");

        Assert.Throws<DicomValueException>(() => ds.SetString(DicomTags.PatientName, "山田"));
    }

    [Fact]
    public void Decode_SequenceItemWithoutOwnCharacterSet_UsesParents()
    {
        var ds = DicomFile.Open(TestFiles.Get("pydicom/charset/chrSQEncoding.dcm")).Dataset;
        var theirs = Interop.PydicomCanonical.For("pydicom/charset/chrSQEncoding.dcm");

        Assert.Empty(Interop.PydicomCanonical.Compare(ds, theirs.GetProperty("elements")));
        Assert.Contains(ds, e => e.Sequence is not null);
        Assert.Same(DicomCharacterSet.Default, new DicomDataset().CharacterSet);
    }
}
