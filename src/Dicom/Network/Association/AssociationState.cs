namespace DicomSegNode.Dicom.Network.Association;

/// <summary>States of the DICOM upper layer state machine (PS3.8 9.2.1, Table 9-1).</summary>
public enum AssociationState
{
    /// <summary>Sta1: idle.</summary>
    Sta1Idle = 1,

    /// <summary>Sta2: transport connection open, awaiting A-ASSOCIATE-RQ PDU.</summary>
    Sta2AwaitingAssociateRequest,

    /// <summary>Sta3: awaiting local A-ASSOCIATE response primitive.</summary>
    Sta3AwaitingLocalAssociateResponse,

    /// <summary>Sta4: awaiting transport connection opening to complete.</summary>
    Sta4AwaitingTransportOpen,

    /// <summary>Sta5: awaiting A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU.</summary>
    Sta5AwaitingAssociateResponse,

    /// <summary>Sta6: association established, ready for data transfer.</summary>
    Sta6Established,

    /// <summary>Sta7: awaiting A-RELEASE-RP PDU.</summary>
    Sta7AwaitingReleaseResponse,

    /// <summary>Sta8: awaiting local A-RELEASE response primitive.</summary>
    Sta8AwaitingLocalReleaseResponse,

    /// <summary>Sta9: release collision requestor side; awaiting A-RELEASE response primitive.</summary>
    Sta9CollisionRequestorAwaitingLocalResponse,

    /// <summary>Sta10: release collision acceptor side; awaiting A-RELEASE-RP PDU.</summary>
    Sta10CollisionAcceptorAwaitingReleaseResponse,

    /// <summary>Sta11: release collision requestor side; awaiting A-RELEASE-RP PDU.</summary>
    Sta11CollisionRequestorAwaitingReleaseResponse,

    /// <summary>Sta12: release collision acceptor side; awaiting A-RELEASE response primitive.</summary>
    Sta12CollisionAcceptorAwaitingLocalResponse,

    /// <summary>Sta13: awaiting transport connection close indication (association no longer exists).</summary>
    Sta13AwaitingTransportClose,
}
