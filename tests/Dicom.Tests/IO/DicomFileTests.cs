using System.Runtime.InteropServices;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.Imaging;
using DicomSegNode.Dicom.IO;

namespace DicomSegNode.Dicom.Tests.IO;

public sealed class DicomFileTests
{
    [Fact]
    public void DicomFileMapping_Open_ValuesAreSlicesOfTheMappingNotCopies()
    {
        var path = TestFiles.Get("totalsegmentator/ct-573.dcm");
        using var mapping = DicomFileMapping.Open(path);
        var mapped = mapping.File;
        var loaded = DicomFile.Open(path);

        Assert.False(MemoryMarshal.TryGetArray(mapped.Dataset.GetBytes(DicomTags.PixelData), out ArraySegment<byte> _));
        Assert.True(MemoryMarshal.TryGetArray(loaded.Dataset.GetBytes(DicomTags.PixelData), out ArraySegment<byte> _));
        Assert.Empty(DatasetAssert.Differences(loaded.Dataset, mapped.Dataset, compareVR: true));
        Assert.Equal(DicomPixelData.FromFile(loaded).GetFrame(0), DicomPixelData.FromFile(mapped).GetFrame(0));
    }

    [Fact]
    public void Open_HeadersOnly_StopsBeforePixelData()
    {
        var file = DicomFile.Open(TestFiles.Get("totalsegmentator/ct-573.dcm"), new DicomReadOptions { StopBeforeTag = DicomTags.PixelData });

        Assert.False(file.Dataset.Contains(DicomTags.PixelData));
        Assert.Equal(512, file.Dataset.GetUInt16(DicomTags.Rows));
    }

    [Fact]
    public void Parse_RawDatasetWithoutPreamble_GuessesSyntax()
    {
        var implicitFile = DicomFile.Open(TestFiles.Get("pydicom/ExplVR_LitEndNoMeta.dcm"));
        var bigEndian = DicomFile.Open(TestFiles.Get("pydicom/ExplVR_BigEndNoMeta.dcm"));

        Assert.False(implicitFile.HadPreamble);
        Assert.Same(DicomTransferSyntax.ExplicitVRLittleEndian, implicitFile.TransferSyntax);
        Assert.Same(DicomTransferSyntax.ExplicitVRBigEndian, bigEndian.TransferSyntax);
        Assert.Empty(DatasetAssert.Differences(implicitFile.Dataset, bigEndian.Dataset, compareVR: true));
    }

    [Fact]
    public void WriteFileMetaInformation_ThenAppendEncodedDataset_ReadsAsPart10()
    {
        // What a C-STORE SCP does: meta first, then the data set bytes as they arrived, without parsing them.
        var dataset = DicomFile.Open(TestFiles.Get("pydicom/MR_small.dcm")).Dataset;
        var encoded = DicomDatasetWriter.ToBytes(dataset, DicomTransferSyntax.ImplicitVRLittleEndian);
        var meta = DicomFile.CreateFileMetaInformation(
            dataset.GetUid(DicomTags.SOPClassUID)!, dataset.GetUid(DicomTags.SOPInstanceUID)!, DicomTransferSyntax.ImplicitVRLittleEndian, "STORESCU");
        using var ms = new MemoryStream();
        DicomFile.WriteFileMetaInformation(ms, meta);
        ms.Write(encoded);

        var file = DicomFile.Parse(ms.ToArray());

        Assert.Same(DicomTransferSyntax.ImplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal("STORESCU", file.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0016)));
        Assert.Equal(DicomUid.ImplementationClassUid, file.FileMetaInformation.GetUid(new DicomTag(0x0002, 0x0012)));
        Assert.Empty(DatasetAssert.Differences(dataset, file.Dataset, compareVR: false));
    }

    [Fact]
    public void Write_GroupLength_IsRecomputed()
    {
        var command = new DicomDataset()
            .SetUInt32(DicomTags.CommandGroupLength, 0)
            .SetUid(DicomTags.AffectedSOPClassUID, DicomUids.Verification)
            .SetUInt16(DicomTags.CommandField, 0x0030)
            .SetUInt16(DicomTags.MessageID, 1)
            .SetUInt16(DicomTags.CommandDataSetType, 0x0101);

        var bytes = DicomDatasetWriter.ToBytes(command, DicomTransferSyntax.ImplicitVRLittleEndian);
        var back = DicomDatasetReader.Read(bytes, DicomTransferSyntax.ImplicitVRLittleEndian);

        Assert.Equal((uint)(bytes.Length - 12), back.GetUInt32(DicomTags.CommandGroupLength)); // PS3.7 E.1: bytes after the group length element
        Assert.Equal(bytes.Length, DicomDatasetWriter.GetEncodedLength(command, DicomTransferSyntax.ImplicitVRLittleEndian));
    }

    [Fact]
    public void Parse_NotDicom_ThrowsDicomFormatException()
    {
        Assert.Throws<DicomFormatException>(() => DicomFile.Parse(new byte[] { 1, 2, 3 }));
        Assert.Throws<DicomFormatException>(() => DicomFile.Parse(new byte[200]));
    }
}
