using S = DicomSegNode.Dicom.Network.Association.AssociationState;
using E = DicomSegNode.Dicom.Network.Association.AssociationEvent;
using A = DicomSegNode.Dicom.Network.Association.AssociationAction;

namespace DicomSegNode.Dicom.Network.Association;

/// <summary>The DICOM upper layer state machine as the standard's own table (PS3.8 9.2.3, Table 9-10): the current state
/// plus one method that maps an event to the action to take and moves to that action's next state. A PDU that is not
/// legal in a state maps to an abort action (AA-1, AA-7 or AA-8); a local primitive that is not legal throws.</summary>
public sealed class AssociationStateMachine
{
    /// <summary>Creates a machine in Sta1 for the requestor (SCU side) or the acceptor.</summary>
    public AssociationStateMachine(bool isRequestor)
    {
        IsRequestor = isRequestor;
    }

    /// <summary>The current state.</summary>
    public S State { get; private set; } = S.Sta1Idle;

    /// <summary>True on the side that requested the association (decides AR-8's next state).</summary>
    public bool IsRequestor { get; }

    /// <summary>Applies <paramref name="evt"/>: returns the action of Table 9-10 and enters the action's next state.</summary>
    /// <exception cref="InvalidOperationException">The event is not defined in the current state (a local primitive
    /// issued at the wrong time, or a transport event that cannot happen).</exception>
    public A Fire(E evt)
    {
        var action = Lookup(State, evt) ?? throw new InvalidOperationException($"{evt} is not defined in {State} (PS3.8 Table 9-10).");
        State = NextState(action);
        return action;
    }

    /// <summary>The action Table 9-10 gives for <paramref name="evt"/> in <paramref name="state"/>, or null for an empty cell.</summary>
    public static A? Lookup(S state, E evt)
    {
        var n = (int)state;
        var established = n is >= 6 and <= 12;
        return evt switch
        {
            E.Evt1AssociateRequestPrimitive => state == S.Sta1Idle ? A.Ae1 : null,
            E.Evt2TransportConnectConfirm => state == S.Sta4AwaitingTransportOpen ? A.Ae2 : null,
            E.Evt3AssociateAcceptReceived => state switch
            {
                S.Sta2AwaitingAssociateRequest => A.Aa1,
                S.Sta5AwaitingAssociateResponse => A.Ae3,
                S.Sta13AwaitingTransportClose => A.Aa6,
                S.Sta3AwaitingLocalAssociateResponse => A.Aa8,
                _ when established => A.Aa8,
                _ => null,
            },
            E.Evt4AssociateRejectReceived => state switch
            {
                S.Sta2AwaitingAssociateRequest => A.Aa1,
                S.Sta5AwaitingAssociateResponse => A.Ae4,
                S.Sta13AwaitingTransportClose => A.Aa6,
                S.Sta3AwaitingLocalAssociateResponse => A.Aa8,
                _ when established => A.Aa8,
                _ => null,
            },
            E.Evt5TransportConnectIndication => state == S.Sta1Idle ? A.Ae5 : null,
            E.Evt6AssociateRequestReceived => state switch
            {
                S.Sta2AwaitingAssociateRequest => A.Ae6,
                S.Sta13AwaitingTransportClose => A.Aa7,
                S.Sta3AwaitingLocalAssociateResponse or S.Sta5AwaitingAssociateResponse => A.Aa8,
                _ when established => A.Aa8,
                _ => null,
            },
            E.Evt7AssociateAcceptPrimitive => state == S.Sta3AwaitingLocalAssociateResponse ? A.Ae7 : null,
            E.Evt8AssociateRejectPrimitive => state == S.Sta3AwaitingLocalAssociateResponse ? A.Ae8 : null,
            E.Evt9DataPrimitive => state switch
            {
                S.Sta6Established => A.Dt1,
                S.Sta8AwaitingLocalReleaseResponse => A.Ar7,
                _ => null,
            },
            E.Evt10DataReceived => state switch
            {
                S.Sta2AwaitingAssociateRequest => A.Aa1,
                S.Sta6Established => A.Dt2,
                S.Sta7AwaitingReleaseResponse => A.Ar6,
                S.Sta13AwaitingTransportClose => A.Aa6,
                S.Sta3AwaitingLocalAssociateResponse or S.Sta5AwaitingAssociateResponse => A.Aa8,
                _ when established => A.Aa8,
                _ => null,
            },
            E.Evt11ReleaseRequestPrimitive => state == S.Sta6Established ? A.Ar1 : null,
            E.Evt12ReleaseRequestReceived => state switch
            {
                S.Sta2AwaitingAssociateRequest => A.Aa1,
                S.Sta6Established => A.Ar2,
                S.Sta7AwaitingReleaseResponse => A.Ar8,
                S.Sta13AwaitingTransportClose => A.Aa6,
                S.Sta3AwaitingLocalAssociateResponse or S.Sta5AwaitingAssociateResponse => A.Aa8,
                _ when established => A.Aa8,
                _ => null,
            },
            E.Evt13ReleaseResponseReceived => state switch
            {
                S.Sta2AwaitingAssociateRequest => A.Aa1,
                S.Sta7AwaitingReleaseResponse or S.Sta11CollisionRequestorAwaitingReleaseResponse => A.Ar3,
                S.Sta10CollisionAcceptorAwaitingReleaseResponse => A.Ar10,
                S.Sta13AwaitingTransportClose => A.Aa6,
                S.Sta3AwaitingLocalAssociateResponse or S.Sta5AwaitingAssociateResponse => A.Aa8,
                _ when established => A.Aa8,
                _ => null,
            },
            E.Evt14ReleaseResponsePrimitive => state switch
            {
                S.Sta8AwaitingLocalReleaseResponse or S.Sta12CollisionAcceptorAwaitingLocalResponse => A.Ar4,
                S.Sta9CollisionRequestorAwaitingLocalResponse => A.Ar9,
                _ => null,
            },
            E.Evt15AbortPrimitive => state switch
            {
                S.Sta4AwaitingTransportOpen => A.Aa2,
                S.Sta3AwaitingLocalAssociateResponse or S.Sta5AwaitingAssociateResponse => A.Aa1,
                _ when established => A.Aa1,
                _ => null,
            },
            E.Evt16AbortReceived => state switch
            {
                S.Sta2AwaitingAssociateRequest or S.Sta13AwaitingTransportClose => A.Aa2,
                S.Sta3AwaitingLocalAssociateResponse or S.Sta5AwaitingAssociateResponse => A.Aa3,
                _ when established => A.Aa3,
                _ => null,
            },
            E.Evt17TransportClosed => state switch
            {
                S.Sta2AwaitingAssociateRequest => A.Aa5,
                S.Sta13AwaitingTransportClose => A.Ar5,
                S.Sta3AwaitingLocalAssociateResponse or S.Sta4AwaitingTransportOpen or S.Sta5AwaitingAssociateResponse => A.Aa4,
                _ when established => A.Aa4,
                _ => null,
            },
            E.Evt18ArtimExpired => state is S.Sta2AwaitingAssociateRequest or S.Sta13AwaitingTransportClose ? A.Aa2 : null,
            E.Evt19InvalidPduReceived => state switch
            {
                S.Sta2AwaitingAssociateRequest => A.Aa1,
                S.Sta13AwaitingTransportClose => A.Aa7,
                S.Sta3AwaitingLocalAssociateResponse or S.Sta5AwaitingAssociateResponse => A.Aa8,
                _ when established => A.Aa8,
                _ => null,
            },
            _ => null,
        };
    }

    /// <summary>True when <paramref name="action"/> sends an A-ABORT PDU.</summary>
    public static bool SendsAbort(A action) => action is A.Aa1 or A.Aa7 or A.Aa8;

    private S NextState(A action) => action switch
    {
        A.Ae1 => S.Sta4AwaitingTransportOpen,
        A.Ae2 => S.Sta5AwaitingAssociateResponse,
        A.Ae3 => S.Sta6Established,
        A.Ae4 => S.Sta1Idle,
        A.Ae5 => S.Sta2AwaitingAssociateRequest,
        A.Ae6 => S.Sta3AwaitingLocalAssociateResponse,
        A.Ae7 => S.Sta6Established,
        A.Ae8 => S.Sta13AwaitingTransportClose,
        A.Dt1 or A.Dt2 => S.Sta6Established,
        A.Ar1 => S.Sta7AwaitingReleaseResponse,
        A.Ar2 => S.Sta8AwaitingLocalReleaseResponse,
        A.Ar3 or A.Ar5 => S.Sta1Idle,
        A.Ar4 => S.Sta13AwaitingTransportClose,
        A.Ar6 => S.Sta7AwaitingReleaseResponse,
        A.Ar7 => S.Sta8AwaitingLocalReleaseResponse,
        A.Ar8 => IsRequestor ? S.Sta9CollisionRequestorAwaitingLocalResponse : S.Sta10CollisionAcceptorAwaitingReleaseResponse,
        A.Ar9 => S.Sta11CollisionRequestorAwaitingReleaseResponse,
        A.Ar10 => S.Sta12CollisionAcceptorAwaitingLocalResponse,
        A.Aa1 or A.Aa6 or A.Aa7 or A.Aa8 => S.Sta13AwaitingTransportClose,
        A.Aa2 or A.Aa3 or A.Aa4 or A.Aa5 => S.Sta1Idle,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}
