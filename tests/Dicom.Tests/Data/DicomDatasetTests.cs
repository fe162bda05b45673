using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;

namespace DicomSegNode.Dicom.Tests.Data;

public sealed class DicomDatasetTests
{
    [Fact]
    public void SetElements_OutOfOrder_EnumeratesSortedByTag()
    {
        var ds = new DicomDataset()
            .SetString(DicomTags.PatientName, "Doe^John")
            .SetUInt16(DicomTags.Rows, 512)
            .SetString(DicomTags.Modality, "CT")
            .SetUid(DicomTags.SOPInstanceUID, "1.2.3");

        Assert.Equal([0x00080018u, 0x00080060u, 0x00100010u, 0x00280010u], ds.Select(e => e.Tag.Value));
    }

    [Fact]
    public void SetString_SameTagTwice_ReplacesValue()
    {
        var ds = new DicomDataset().SetString(DicomTags.PatientID, "A").SetString(DicomTags.PatientID, "B");

        Assert.Equal(1, ds.Count);
        Assert.Equal("B", ds.GetString(DicomTags.PatientID));
    }

    [Fact]
    public void GetString_PaddedValue_TrimsPadding()
    {
        var ds = new DicomDataset();
        ds.SetBytes(DicomTags.Modality, DicomVR.CS, "CT "u8.ToArray());
        ds.SetBytes(DicomTags.SOPClassUID, DicomVR.UI, "1.2.3\0"u8.ToArray());
        ds.SetBytes(DicomTags.ImageComments, DicomVR.LT, "  indented text "u8.ToArray());

        Assert.Equal("CT", ds.GetString(DicomTags.Modality));
        Assert.Equal("1.2.3", ds.GetUid(DicomTags.SOPClassUID));
        Assert.Equal("  indented text", ds.GetString(DicomTags.ImageComments)); // leading spaces are significant in LT
    }

    [Fact]
    public void GetStrings_MultiValued_SplitsAtBackslash()
    {
        var ds = new DicomDataset().SetStrings(DicomTags.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");

        Assert.Equal(["ORIGINAL", "PRIMARY", "AXIAL"], ds.GetStrings(DicomTags.ImageType));
        Assert.Equal(3, ds.GetValueCount(DicomTags.ImageType));
        Assert.Equal("PRIMARY", ds.GetString(DicomTags.ImageType, 1));
    }

    [Fact]
    public void GetDoubleArray_DecimalString_ParsesEachValue()
    {
        var ds = new DicomDataset();
        ds.SetBytes(DicomTags.ImagePositionPatient, DicomVR.DS, "-125.5\\ 3e2\\0 "u8.ToArray());

        Assert.Equal([-125.5, 300, 0], ds.GetDoubleArray(DicomTags.ImagePositionPatient));
    }

    [Fact]
    public void GetDouble_BadDecimalString_ThrowsDicomValueExceptionNamingTag()
    {
        var ds = new DicomDataset();
        ds.SetBytes(DicomTags.SliceThickness, DicomVR.DS, "2,5 "u8.ToArray());

        var e = Assert.Throws<DicomValueException>(() => ds.GetDouble(DicomTags.SliceThickness));
        Assert.Contains("(0018,0050)", e.Message, StringComparison.Ordinal);
        Assert.Contains("2,5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetInt32_IntegerStringAndBinary_Converts()
    {
        var ds = new DicomDataset().SetIntegerString(DicomTags.NumberOfFrames, 12).SetUInt16(DicomTags.Rows, 65535).SetInt16(DicomTags.SmallestImagePixelValue, -3);

        Assert.Equal(12, ds.GetInt32(DicomTags.NumberOfFrames));
        Assert.Equal(65535, ds.GetInt32(DicomTags.Rows));
        Assert.Equal(-3, ds.GetInt32(DicomTags.SmallestImagePixelValue));
    }

    [Fact]
    public void GetUInt16_Absent_ThrowsDicomValueException_AndOrDefaultFallsBack()
    {
        var ds = new DicomDataset();

        Assert.Throws<DicomValueException>(() => ds.GetUInt16(DicomTags.Rows));
        Assert.Equal(7, ds.GetInt32OrDefault(DicomTags.Rows, 7));
        Assert.Null(ds.GetString(DicomTags.PatientName));
        Assert.Empty(ds.GetStrings(DicomTags.ImageType));
    }

    [Fact]
    public void GetUInt16_IndexPastLastValue_ThrowsDicomValueException()
    {
        var ds = new DicomDataset().SetUInt16(DicomTags.Rows, 1);

        Assert.Throws<DicomValueException>(() => ds.GetUInt16(DicomTags.Rows, 1));
    }

    [Fact]
    public void SetDecimalString_LongDouble_FitsIn16Characters()
    {
        var ds = new DicomDataset().SetDecimalString(DicomTags.PixelSpacing, 0.976562500000001, -123456.789012345);

        var values = ds.GetStrings(DicomTags.PixelSpacing);
        Assert.All(values, v => Assert.True(v.Length <= 16, v));
        Assert.Equal(0.9765625, ds.GetDouble(DicomTags.PixelSpacing), 12);
        Assert.Equal(-123456.789012345, ds.GetDouble(DicomTags.PixelSpacing, 1), 6);
    }

    [Theory]
    [InlineData("DS", "1,5")]
    [InlineData("DS", "abc")]
    [InlineData("IS", "1.5")]
    [InlineData("IS", "99999999999")]
    public void SetString_InvalidNumberString_ThrowsDicomValueException(string vr, string value)
    {
        Assert.Throws<DicomValueException>(() => new DicomDataset().SetString(DicomTags.SliceThickness, DicomVR.Parse(vr), value));
    }

    [Fact]
    public void SetString_NumberStringWithEmptyValue_IsAccepted()
    {
        var ds = new DicomDataset().SetString(DicomTags.WindowCenter, DicomVR.DS, "40\\\\-600");

        Assert.Equal(["40", "", "-600"], ds.GetStrings(DicomTags.WindowCenter));
    }

    [Fact]
    public void SetDecimalString_NaN_ThrowsDicomValueException()
    {
        Assert.Throws<DicomValueException>(() => new DicomDataset().SetDecimalString(DicomTags.SliceThickness, double.NaN));
    }

    [Fact]
    public void SetUid_InvalidUid_ThrowsDicomValueException()
    {
        var ds = new DicomDataset();

        Assert.Throws<DicomValueException>(() => ds.SetUid(DicomTags.SOPInstanceUID, "1.02.3"));
        Assert.Throws<DicomValueException>(() => ds.SetUid(DicomTags.SOPInstanceUID, "1.2.a"));
        Assert.Throws<DicomValueException>(() => ds.SetUid(DicomTags.SOPInstanceUID, "1." + new string('2', 64)));
    }

    [Fact]
    public void SetString_NonAsciiWithoutCharacterSet_ThrowsDicomValueException()
    {
        Assert.Throws<DicomValueException>(() => new DicomDataset().SetString(DicomTags.PatientName, "Müller^Jörg"));
    }

    [Fact]
    public void DatesAndTimes_SetThenGet_RoundTrip()
    {
        var ds = new DicomDataset()
            .SetDate(DicomTags.StudyDate, new DateOnly(2026, 11, 22))
            .SetTime(DicomTags.StudyTime, new TimeOnly(9, 30, 15, 250))
            .SetDateTime(DicomTags.AcquisitionDateTime, new DateTimeOffset(2026, 11, 22, 9, 30, 15, TimeSpan.FromHours(-5)));

        Assert.Equal(new DateOnly(2026, 11, 22), ds.GetDate(DicomTags.StudyDate));
        Assert.Equal(new TimeOnly(9, 30, 15, 250), ds.GetTime(DicomTags.StudyTime));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 9, 30, 15, TimeSpan.FromHours(-5)), ds.GetDateTime(DicomTags.AcquisitionDateTime));
    }

    [Fact]
    public void GetDate_MalformedDate_ThrowsDicomValueException()
    {
        var ds = new DicomDataset();
        ds.SetBytes(DicomTags.StudyDate, DicomVR.DA, "20261322"u8.ToArray());

        Assert.Throws<DicomValueException>(() => ds.GetDate(DicomTags.StudyDate));
    }

    [Fact]
    public void GetTime_ShortForms_Parse()
    {
        var ds = new DicomDataset();
        ds.SetBytes(DicomTags.StudyTime, DicomVR.TM, "0930"u8.ToArray());

        Assert.Equal(new TimeOnly(9, 30), ds.GetTime(DicomTags.StudyTime));
    }

    [Fact]
    public void Sequence_NestedItems_InheritCharacterSetAndSurviveWrite()
    {
        var ds = new DicomDataset().SetString(DicomTags.SpecificCharacterSet, "ISO_IR 192");
        var inner = new DicomDataset();
        var seq = ds.SetSequence(DicomTags.ReferencedPatientSequence, inner);
        inner.SetString(DicomTags.PatientName, "山田^太郎");
        seq.Add(new DicomDataset().SetString(DicomTags.PatientID, "P2"));

        var bytes = DicomDatasetWriter.ToBytes(ds, DicomTransferSyntax.ExplicitVRLittleEndian);
        var back = DicomDatasetReader.Read(bytes, DicomTransferSyntax.ExplicitVRLittleEndian);

        var items = back.GetSequence(DicomTags.ReferencedPatientSequence)!;
        Assert.Equal(2, items.Count);
        Assert.Equal("山田^太郎", items[0].GetString(DicomTags.PatientName));
        Assert.Equal("P2", items[1].GetString(DicomTags.PatientID));
    }

    [Fact]
    public void Remove_Present_RemovesOnlyThatElement()
    {
        var ds = new DicomDataset().SetUInt16(DicomTags.Rows, 1).SetUInt16(DicomTags.Columns, 2);

        Assert.True(ds.Remove(DicomTags.Rows));
        Assert.False(ds.Remove(DicomTags.Rows));
        Assert.False(ds.Contains(DicomTags.Rows));
        Assert.Equal(2, ds.GetUInt16(DicomTags.Columns));
    }

    [Fact]
    public void Clone_ThenChangeCopy_LeavesOriginal()
    {
        var ds = new DicomDataset().SetString(DicomTags.PatientID, "A");
        ds.SetSequence(DicomTags.ReferencedSeriesSequence, new DicomDataset().SetUid(DicomTags.SeriesInstanceUID, "1.2"));

        var copy = ds.Clone();
        copy.SetString(DicomTags.PatientID, "B");
        copy.GetSequence(DicomTags.ReferencedSeriesSequence)![0].SetUid(DicomTags.SeriesInstanceUID, "3.4");

        Assert.Equal("A", ds.GetString(DicomTags.PatientID));
        Assert.Equal("1.2", ds.GetSequence(DicomTags.ReferencedSeriesSequence)![0].GetUid(DicomTags.SeriesInstanceUID));
    }

    [Fact]
    public void NumericArrays_SetThenGet_RoundTripThroughImplicitBytes()
    {
        var ds = new DicomDataset()
            .SetUInt32(DicomTags.SimpleFrameList, 1, 2, 4000000000)
            .SetInt32(DicomTags.ReferencePixelX0, -7)
            .SetSingle(DicomTags.RecommendedDisplayFrameRateInFloat, 0.5f, -1.25f)
            .SetDouble(DicomTags.DiffusionBValue, 1e-3)
            .SetAttributeTag(DicomTags.DimensionIndexPointer, DicomTags.ImagePositionPatient);

        var back = DicomDatasetReader.Read(DicomDatasetWriter.ToBytes(ds, DicomTransferSyntax.ImplicitVRLittleEndian), DicomTransferSyntax.ImplicitVRLittleEndian);

        Assert.Equal([1u, 2u, 4000000000u], back.GetUInt32Array(DicomTags.SimpleFrameList));
        Assert.Equal(-7, back.GetInt32(DicomTags.ReferencePixelX0));
        Assert.Equal([0.5f, -1.25f], back.GetSingleArray(DicomTags.RecommendedDisplayFrameRateInFloat));
        Assert.Equal(1e-3, back.GetDouble(DicomTags.DiffusionBValue));
        Assert.Equal(DicomTags.ImagePositionPatient, back.GetAttributeTag(DicomTags.DimensionIndexPointer));
    }
}
