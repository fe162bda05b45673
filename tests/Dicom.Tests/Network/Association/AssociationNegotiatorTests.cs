using System.Net;
using DicomSegNode.Dicom.Network;
using DicomSegNode.Dicom.Network.Association;
using DicomSegNode.Dicom.Network.Pdu;

namespace DicomSegNode.Dicom.Tests.Network.Association;

public class AssociationNegotiatorTests
{
    private static readonly IPEndPoint Remote = new(IPAddress.Parse("10.1.2.3"), 40000);
    private static readonly DicomServerOptions Options = new()
    {
        AeTitle = "DICOMSEGNODE",
        AllowedCallingAeTitles = [new AllowedPeer("PACS"), new AllowedPeer("MODALITY", "10.1.2.3"), new AllowedPeer("ELSEWHERE", "10.9.9.9")],
    };

    [Theory]
    [InlineData("WRONG", "PACS", 1, 1, 7)]
    [InlineData("DICOMSEGNODE", "UNKNOWN", 1, 1, 3)]
    [InlineData("DICOMSEGNODE", "ELSEWHERE", 1, 1, 3)]
    public async Task NegotiateAsync_RefusedPeer_RejectsWithTable921Reason(string called, string calling, int result, int source, int reason)
    {
        var answer = await AssociationNegotiator.NegotiateAsync(Request(called, calling), Options, Remote, false, default);

        var rj = Assert.IsType<AAssociateReject>(answer);
        Assert.Equal((result, source, reason), ((int)rj.Result, (int)rj.Source, (int)rj.Reason));
    }

    [Fact]
    public async Task NegotiateAsync_OverAssociationLimit_RejectsTransientlyLocalLimit()
    {
        var rj = Assert.IsType<AAssociateReject>(await AssociationNegotiator.NegotiateAsync(Request("DICOMSEGNODE", "PACS"), Options, Remote, true, default));

        Assert.Equal((AssociateRejectResult.Transient, AssociateRejectSource.ServiceProviderPresentation, (byte)2), (rj.Result, rj.Source, rj.Reason));
    }

    [Fact]
    public async Task NegotiateAsync_OtherApplicationContext_RejectsReason2()
    {
        var rq = Request("DICOMSEGNODE", "PACS") with { ApplicationContextName = "1.2.3.4" };

        Assert.Equal(AAssociateReject.ApplicationContextNotSupported(), await AssociationNegotiator.NegotiateAsync(rq, Options, Remote, false, default));
    }

    [Fact]
    public async Task NegotiateAsync_ProtocolVersionWithoutBit0_RejectsByAcse()
    {
        var rq = Request("DICOMSEGNODE", "PACS") with { ProtocolVersion = 2 };

        Assert.Equal(AAssociateReject.ProtocolVersionNotSupported(), await AssociationNegotiator.NegotiateAsync(rq, Options, Remote, false, default));
    }

    [Fact]
    public async Task NegotiateAsync_AllowedPeerWithMatchingHost_AcceptsWithContextResults()
    {
        var ac = Assert.IsType<AAssociateAccept>(await AssociationNegotiator.NegotiateAsync(Request("DICOMSEGNODE", "MODALITY"), Options, Remote, false, default));

        Assert.Collection(
            ac.PresentationContexts,
            pc => Assert.Equal(new PresentationContextResult(1, PresentationContextResultReason.Acceptance, NetworkUids.ExplicitVrLittleEndian), pc),
            pc => Assert.Equal(new PresentationContextResult(3, PresentationContextResultReason.Acceptance, NetworkUids.ImplicitVrLittleEndian), pc),
            pc => Assert.Equal(PresentationContextResultReason.AbstractSyntaxNotSupported, pc.Result),
            pc => Assert.Equal(PresentationContextResultReason.TransferSyntaxesNotSupported, pc.Result));
        Assert.Equal(Options.MaxPduLength, ac.UserInformation.MaxPduLength);
    }

    [Fact]
    public async Task NegotiateAsync_UserIdentityRefusedByHook_Rejects()
    {
        var options = new DicomServerOptions { AeTitle = "DICOMSEGNODE", UserIdentityValidator = new OnlyUser("alice") };
        var rq = Request("DICOMSEGNODE", "PACS") with
        {
            UserInformation = new UserInformation { MaxPduLength = 16384, ImplementationClassUid = "1.2", UserIdentity = new UserIdentityRequest(UserIdentityType.Username, true, "mallory"u8.ToArray(), default) },
        };

        Assert.Equal(AAssociateReject.NoReasonGiven(), await AssociationNegotiator.NegotiateAsync(rq, options, Remote, false, default));
    }

    [Fact]
    public async Task NegotiateAsync_UserIdentityAcceptedWithPositiveResponseRequested_SendsServerResponse()
    {
        var options = new DicomServerOptions { AeTitle = "DICOMSEGNODE", UserIdentityValidator = new OnlyUser("alice") };
        var rq = Request("DICOMSEGNODE", "PACS") with
        {
            UserInformation = new UserInformation { MaxPduLength = 16384, ImplementationClassUid = "1.2", UserIdentity = new UserIdentityRequest(UserIdentityType.Username, true, "alice"u8.ToArray(), default) },
        };

        var ac = Assert.IsType<AAssociateAccept>(await AssociationNegotiator.NegotiateAsync(rq, options, Remote, false, default));

        Assert.Equal("welcome", System.Text.Encoding.ASCII.GetString(ac.UserInformation.UserIdentityServerResponse!.Value.Span));
    }

    private static AAssociateRequest Request(string called, string calling) => new()
    {
        CalledAeTitle = called,
        CallingAeTitle = calling,
        PresentationContexts =
        [
            new(1, NetworkUids.Verification, [NetworkUids.ImplicitVrLittleEndian, NetworkUids.ExplicitVrLittleEndian]),
            new(3, "1.2.840.10008.5.1.4.1.1.2", [NetworkUids.ImplicitVrLittleEndian]),
            new(5, "1.2.840.10008.5.1.4.31", [NetworkUids.ImplicitVrLittleEndian]), // Modality Worklist FIND: not ours
            new(7, "1.2.840.10008.5.1.4.1.1.2", ["1.2.840.10008.1.2.4.91"]), // JPEG 2000: not decodable by part 1
        ],
        UserInformation = new UserInformation { MaxPduLength = 16384, ImplementationClassUid = "1.2" },
    };

    private sealed class OnlyUser(string name) : IUserIdentityValidator
    {
        public ValueTask<ReadOnlyMemory<byte>?> ValidateAsync(UserIdentityRequest identity, string callingAeTitle, EndPoint? remote, CancellationToken cancellationToken) =>
            ValueTask.FromResult(System.Text.Encoding.UTF8.GetString(identity.PrimaryField.Span) == name ? (ReadOnlyMemory<byte>?)"welcome"u8.ToArray() : null);
    }
}
