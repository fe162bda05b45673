using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Dicom.Network.Dimse;

namespace DicomSegNode.Dicom.Tests.Network.Dimse;

public class DimseCommandTests
{
    [Fact]
    public void Encode_EchoRequest_MatchesPs37Layout()
    {
        var bytes = DimseCommand.CreateEchoRequest(7).Encode();

        // (0000,0000) UL 56; (0000,0002) UI "1.2.840.10008.1.1\0"; (0000,0100) 0030; (0000,0110) 7; (0000,0800) 0101.
        Assert.Equal(
            "0000000004000000" + "38000000" +
            "0000020012000000" + Convert.ToHexString("1.2.840.10008.1.1\0"u8) +
            "0000000102000000" + "3000" +
            "0000100102000000" + "0700" +
            "0000000802000000" + "0101",
            Convert.ToHexString(bytes));
    }

    [Fact]
    public void Encode_StoreRequest_ReadsBackWithToolkitReader()
    {
        var bytes = DimseCommand.CreateStoreRequest(3, DicomUids.CTImageStorage, "1.2.3.4").Encode();

        var dataset = DicomDatasetReader.Read(bytes, DicomTransferSyntax.ImplicitVRLittleEndian);

        Assert.Equal((uint)(bytes.Length - 12), dataset.GetUInt32(new DicomTag(0, 0)));
        Assert.Equal(DicomUids.CTImageStorage, dataset.GetUid(new DicomTag(0, 2)));
        Assert.Equal("1.2.3.4", dataset.GetUid(new DicomTag(0, 0x1000)));
        Assert.Equal((ushort)0x0001, dataset.GetUInt16(new DicomTag(0, 0x0100)));
    }

    [Fact]
    public void CreateResponse_FailureWithLongComment_KeepsIdsAndTruncatesComment()
    {
        var request = DimseCommand.CreateStoreRequest(42, DicomUids.CTImageStorage, "1.2.3");

        var decoded = DimseCommand.Decode(DimseCommand.CreateResponse(request, DimseStatus.OutOfResources, new string('x', 100)).Encode());

        Assert.Equal(DimseCommandField.CStoreResponse, decoded.CommandField);
        Assert.Equal((ushort)42, decoded.MessageIdBeingRespondedTo);
        Assert.Equal("1.2.3", decoded.AffectedSopInstanceUid);
        Assert.Equal(DimseStatus.OutOfResources, decoded.Status);
        Assert.Equal(64, decoded.ErrorComment!.Length);
        Assert.False(decoded.HasDataSet);
    }

    [Fact]
    public void CreateCancelRequest_RoundTrips()
    {
        var decoded = DimseCommand.Decode(DimseCommand.CreateCancelRequest(9).Encode());

        Assert.Equal(DimseCommandField.CCancelRequest, decoded.CommandField);
        Assert.Equal((ushort)9, decoded.MessageIdBeingRespondedTo);
    }

    [Theory]
    [InlineData("0800000002000000FFFF")] // element of group 0008
    [InlineData("0000000102000000")] // value cut off
    [InlineData("00000001")] // header cut off
    [InlineData("0000100102000000FFFF")] // no Command Field
    [InlineData("00000001FFFFFF7F3000")] // 2 GB length
    public void Decode_MalformedCommandSet_ThrowsProtocolException(string hex)
    {
        Assert.Throws<DimseProtocolException>(() => DimseCommand.Decode(Convert.FromHexString(hex)));
    }

    [Theory]
    [InlineData(0x0000, "Success 0000", false)]
    [InlineData(0xB000, "Warning B000", false)]
    [InlineData(0xB007, "Warning B007", false)]
    [InlineData(0xA700, "Failure A700", true)]
    [InlineData(0xA900, "Failure A900", true)]
    [InlineData(0xC123, "Failure C123", true)]
    [InlineData(0xFE00, "Cancel FE00", false)]
    [InlineData(0xFF00, "Pending FF00", false)]
    public void DimseStatus_Code_HasCategory(int code, string text, bool failure)
    {
        var status = new DimseStatus((ushort)code);

        Assert.Equal(text, status.ToString());
        Assert.Equal(failure, status.IsFailure);
    }
}
