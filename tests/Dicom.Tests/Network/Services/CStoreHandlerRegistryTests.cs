using System.IO.Pipelines;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.Network;
using DicomSegNode.Dicom.Network.Dimse;
using DicomSegNode.Dicom.Network.Services;
using DicomSegNode.Dicom.Tests.Network.Support;

namespace DicomSegNode.Dicom.Tests.Network.Services;

public class CStoreHandlerRegistryTests
{
    [Fact]
    public async Task StoreAsync_ThroughServer_DispatchesBySopClassAndRefusesUnregistered()
    {
        var ct = new CountingHandler();
        var registry = new CStoreHandlerRegistry().Register(DicomUids.CTImageStorage, ct);
        await using var server = new LoopbackServer(handler: registry);
        var study = DicomUid.Generate();
        var ctImage = TestInstances.Create(study, study, 1);
        var mrImage = TestInstances.Create(study, study, 2);
        mrImage.SetUid(DicomTags.SOPClassUID, DicomUids.MRImageStorage);
        await using var client = await DicomClient.ConnectAsync(
            server.Client(),
            DicomClient.ProposeFor([(DicomUids.CTImageStorage, NetworkUids.ExplicitVrLittleEndian), (DicomUids.MRImageStorage, NetworkUids.ExplicitVrLittleEndian)]),
            default);

        var stored = await client.StoreAsync(ctImage, default);
        var refused = await client.StoreAsync(mrImage, default);
        await client.ReleaseAsync(default);

        Assert.Equal(DimseStatus.Success, stored.Status);
        Assert.Equal(DimseStatus.SopClassNotSupported, refused.Status);
        Assert.Equal("No handler for this SOP class", refused.ErrorComment);
        Assert.Equal(1, ct.Calls);
    }

    [Fact]
    public void Resolve_UnregisteredWithFallback_ReturnsFallback()
    {
        var fallback = new CountingHandler();
        var registry = new CStoreHandlerRegistry(fallback).Register(DicomUids.CTImageStorage, new CountingHandler());

        Assert.Same(fallback, registry.Resolve(DicomUids.SegmentationStorage));
        Assert.NotSame(fallback, registry.Resolve(DicomUids.CTImageStorage));
    }

    private sealed class CountingHandler : ICStoreHandler
    {
        public int Calls { get; private set; }

        public async ValueTask<DimseStatus> StoreAsync(CStoreRequest request, PipeReader dataSet, CancellationToken cancellationToken)
        {
            Calls++;
            await dataSet.CopyToAsync(Stream.Null, cancellationToken);
            return DimseStatus.Success;
        }
    }
}
