using DicomSegNode.Dicom.Network.Association;
using A = DicomSegNode.Dicom.Network.Association.AssociationAction;
using E = DicomSegNode.Dicom.Network.Association.AssociationEvent;
using S = DicomSegNode.Dicom.Network.Association.AssociationState;

namespace DicomSegNode.Dicom.Tests.Network.Association;

public class AssociationStateMachineTests
{
    [Fact]
    public void Fire_AcceptorLifecycle_FollowsTable910()
    {
        var machine = new AssociationStateMachine(isRequestor: false);

        Assert.Equal(A.Ae5, machine.Fire(E.Evt5TransportConnectIndication));
        Assert.Equal(S.Sta2AwaitingAssociateRequest, machine.State);
        Assert.Equal(A.Ae6, machine.Fire(E.Evt6AssociateRequestReceived));
        Assert.Equal(A.Ae7, machine.Fire(E.Evt7AssociateAcceptPrimitive));
        Assert.Equal(S.Sta6Established, machine.State);
        Assert.Equal(A.Dt2, machine.Fire(E.Evt10DataReceived));
        Assert.Equal(A.Dt1, machine.Fire(E.Evt9DataPrimitive));
        Assert.Equal(A.Ar2, machine.Fire(E.Evt12ReleaseRequestReceived));
        Assert.Equal(S.Sta8AwaitingLocalReleaseResponse, machine.State);
        Assert.Equal(A.Ar4, machine.Fire(E.Evt14ReleaseResponsePrimitive));
        Assert.Equal(S.Sta13AwaitingTransportClose, machine.State);
        Assert.Equal(A.Ar5, machine.Fire(E.Evt17TransportClosed));
        Assert.Equal(S.Sta1Idle, machine.State);
    }

    [Fact]
    public void Fire_RequestorLifecycle_FollowsTable910()
    {
        var machine = new AssociationStateMachine(isRequestor: true);

        Assert.Equal(A.Ae1, machine.Fire(E.Evt1AssociateRequestPrimitive));
        Assert.Equal(A.Ae2, machine.Fire(E.Evt2TransportConnectConfirm));
        Assert.Equal(S.Sta5AwaitingAssociateResponse, machine.State);
        Assert.Equal(A.Ae3, machine.Fire(E.Evt3AssociateAcceptReceived));
        Assert.Equal(A.Ar1, machine.Fire(E.Evt11ReleaseRequestPrimitive));
        Assert.Equal(A.Ar6, machine.Fire(E.Evt10DataReceived));
        Assert.Equal(A.Ar3, machine.Fire(E.Evt13ReleaseResponseReceived));
        Assert.Equal(S.Sta1Idle, machine.State);
    }

    [Fact]
    public void Fire_RequestorRejected_ClosesToIdle()
    {
        var machine = new AssociationStateMachine(isRequestor: true);
        machine.Fire(E.Evt1AssociateRequestPrimitive);
        machine.Fire(E.Evt2TransportConnectConfirm);

        Assert.Equal(A.Ae4, machine.Fire(E.Evt4AssociateRejectReceived));
        Assert.Equal(S.Sta1Idle, machine.State);
    }

    [Theory]
    [InlineData(true, S.Sta9CollisionRequestorAwaitingLocalResponse)]
    [InlineData(false, S.Sta10CollisionAcceptorAwaitingReleaseResponse)]
    public void Fire_ReleaseCollision_GoesToSideSpecificState(bool requestor, S expected)
    {
        var machine = InSta6(requestor);
        machine.Fire(E.Evt11ReleaseRequestPrimitive);

        Assert.Equal(A.Ar8, machine.Fire(E.Evt12ReleaseRequestReceived));
        Assert.Equal(expected, machine.State);
    }

    [Fact]
    public void Fire_ReleaseCollisionRequestor_CompletesThroughSta11()
    {
        var machine = InSta6(requestor: true);
        machine.Fire(E.Evt11ReleaseRequestPrimitive);
        machine.Fire(E.Evt12ReleaseRequestReceived);

        Assert.Equal(A.Ar9, machine.Fire(E.Evt14ReleaseResponsePrimitive));
        Assert.Equal(A.Ar3, machine.Fire(E.Evt13ReleaseResponseReceived));
        Assert.Equal(S.Sta1Idle, machine.State);
    }

    [Theory]
    [InlineData(E.Evt3AssociateAcceptReceived)]
    [InlineData(E.Evt4AssociateRejectReceived)]
    [InlineData(E.Evt6AssociateRequestReceived)]
    [InlineData(E.Evt13ReleaseResponseReceived)]
    [InlineData(E.Evt19InvalidPduReceived)]
    public void Fire_PduNotLegalWhenEstablished_AbortsWithAa8(E evt)
    {
        var machine = InSta6(requestor: false);

        Assert.Equal(A.Aa8, machine.Fire(evt));
        Assert.Equal(S.Sta13AwaitingTransportClose, machine.State);
    }

    [Theory]
    [InlineData(E.Evt3AssociateAcceptReceived)]
    [InlineData(E.Evt10DataReceived)]
    [InlineData(E.Evt12ReleaseRequestReceived)]
    [InlineData(E.Evt19InvalidPduReceived)]
    public void Fire_AnythingButRequestInSta2_AbortsWithAa1(E evt)
    {
        var machine = new AssociationStateMachine(isRequestor: false);
        machine.Fire(E.Evt5TransportConnectIndication);

        Assert.Equal(A.Aa1, machine.Fire(evt));
        Assert.True(AssociationStateMachine.SendsAbort(A.Aa1));
    }

    [Fact]
    public void Fire_PduInSta13_IsIgnoredOrAborted()
    {
        Assert.Equal(A.Aa6, AssociationStateMachine.Lookup(S.Sta13AwaitingTransportClose, E.Evt10DataReceived));
        Assert.Equal(A.Aa7, AssociationStateMachine.Lookup(S.Sta13AwaitingTransportClose, E.Evt6AssociateRequestReceived));
        Assert.Equal(A.Aa2, AssociationStateMachine.Lookup(S.Sta13AwaitingTransportClose, E.Evt18ArtimExpired));
    }

    [Fact]
    public void Fire_AbortReceivedWhenEstablished_GoesIdle()
    {
        var machine = InSta6(requestor: true);

        Assert.Equal(A.Aa3, machine.Fire(E.Evt16AbortReceived));
        Assert.Equal(S.Sta1Idle, machine.State);
    }

    [Fact]
    public void Fire_LocalPrimitiveInWrongState_Throws()
    {
        var machine = new AssociationStateMachine(isRequestor: false);
        machine.Fire(E.Evt5TransportConnectIndication);

        Assert.Throws<InvalidOperationException>(() => machine.Fire(E.Evt9DataPrimitive));
        Assert.Equal(S.Sta2AwaitingAssociateRequest, machine.State);
    }

    [Fact]
    public void Lookup_EveryReceivedPduEventInEveryConnectedState_IsDefined()
    {
        // Table 9-10 defines every received-PDU event for every state that has a transport connection.
        var pduEvents = new[] { E.Evt3AssociateAcceptReceived, E.Evt4AssociateRejectReceived, E.Evt6AssociateRequestReceived, E.Evt10DataReceived, E.Evt12ReleaseRequestReceived, E.Evt13ReleaseResponseReceived, E.Evt16AbortReceived, E.Evt17TransportClosed, E.Evt19InvalidPduReceived };
        foreach (var state in Enum.GetValues<S>().Where(s => s is not S.Sta1Idle and not S.Sta4AwaitingTransportOpen))
        {
            foreach (var evt in pduEvents)
            {
                Assert.True(AssociationStateMachine.Lookup(state, evt) is not null, $"{evt} undefined in {state}");
            }
        }
    }

    private static AssociationStateMachine InSta6(bool requestor)
    {
        var machine = new AssociationStateMachine(requestor);
        if (requestor)
        {
            machine.Fire(E.Evt1AssociateRequestPrimitive);
            machine.Fire(E.Evt2TransportConnectConfirm);
            machine.Fire(E.Evt3AssociateAcceptReceived);
        }
        else
        {
            machine.Fire(E.Evt5TransportConnectIndication);
            machine.Fire(E.Evt6AssociateRequestReceived);
            machine.Fire(E.Evt7AssociateAcceptPrimitive);
        }

        Assert.Equal(S.Sta6Established, machine.State);
        return machine;
    }
}
