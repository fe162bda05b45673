using System.IO.Pipelines;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Dicom.Network;
using DicomSegNode.Dicom.Network.Dimse;
using DicomSegNode.Dicom.Network.Services;
using DicomSegNode.Dicom.Tests.Network.Support;

namespace DicomSegNode.Dicom.Tests.Network.Services;

public class FileStoreHandlerTests
{
    private static readonly AssociationInfo Association = new(1, "PACS", "DICOMSEGNODE", null, null);

    [Fact]
    public async Task StoreAsync_DataSetInFragments_WritesPart10FileWithMetaAndExactBytes()
    {
        using var folder = new TempFolder();
        var handler = new FileStoreHandler(folder.Path, flushToDisk: true);
        var study = DicomUid.Generate();
        var dataset = TestInstances.Create(study, study, 1);
        var bytes = DicomDatasetWriter.ToBytes(dataset, DicomTransferSyntax.ImplicitVRLittleEndian);
        var uid = dataset.GetUid(DicomTags.SOPInstanceUID)!;
        var pipe = new Pipe();
        foreach (var chunk in bytes.Chunk(100))
        {
            await pipe.Writer.WriteAsync(chunk);
        }

        await pipe.Writer.CompleteAsync();
        var status = await handler.StoreAsync(new CStoreRequest(Association, 1, DicomUids.CTImageStorage, uid, NetworkUids.ImplicitVrLittleEndian, null), pipe.Reader, default);

        Assert.Equal(DimseStatus.Success, status);
        var header = Part10Header.Read(handler.PathFor(uid));
        Assert.Equal((DicomUids.CTImageStorage, uid, NetworkUids.ImplicitVrLittleEndian), (header.SopClassUid, header.SopInstanceUid, header.TransferSyntaxUid));
        Assert.Equal(bytes, File.ReadAllBytes(handler.PathFor(uid))[(int)header.DataSetOffset..]);
        Assert.Equal("PACS", DicomFile.Open(handler.PathFor(uid)).FileMetaInformation.GetString(new DicomSegNode.Dicom.Data.DicomTag(0x0002, 0x0016)));
        Assert.Equal(1, handler.StoredCount);
    }

    [Theory]
    [InlineData("1.2.3/../../evil")]
    [InlineData("1.2.3.")]
    [InlineData("")]
    public async Task StoreAsync_InstanceUidNotAUid_RefusedWithC000AndNothingWritten(string uid)
    {
        using var folder = new TempFolder();
        var handler = new FileStoreHandler(Path.Combine(folder.Path, "store"));
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 8, 0, 0x16, 0, 2, 0, 0, 0, 0x31, 0 });
        await pipe.Writer.CompleteAsync();

        var error = await Assert.ThrowsAsync<DimseStatusException>(async () =>
            await handler.StoreAsync(new CStoreRequest(Association, 1, DicomUids.CTImageStorage, uid, NetworkUids.ImplicitVrLittleEndian, null), pipe.Reader, default));

        Assert.Equal(DimseStatus.CannotUnderstand, error.Status);
        Assert.Empty(Directory.EnumerateFiles(folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task StoreAsync_AssociationEndsMidInstance_NoFileAndNoPartialLeft()
    {
        using var folder = new TempFolder();
        var handler = new FileStoreHandler(folder.Path);
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[1000]);
        await pipe.Writer.CompleteAsync(new DicomNetworkException("aborted"));

        await Assert.ThrowsAsync<DicomNetworkException>(async () =>
            await handler.StoreAsync(new CStoreRequest(Association, 1, DicomUids.CTImageStorage, "1.2.3.4", NetworkUids.ImplicitVrLittleEndian, null), pipe.Reader, default));

        Assert.Empty(Directory.EnumerateFiles(folder.Path, "*", SearchOption.AllDirectories));
    }
}
