namespace DicomSegNode.Dicom.Network.Association;

/// <summary>Events of the DICOM upper layer state machine (PS3.8 9.2.2, Table 9-2).</summary>
public enum AssociationEvent
{
    /// <summary>Evt1: A-ASSOCIATE request (local user).</summary>
    Evt1AssociateRequestPrimitive = 1,

    /// <summary>Evt2: transport connect confirmation (local transport service).</summary>
    Evt2TransportConnectConfirm,

    /// <summary>Evt3: A-ASSOCIATE-AC PDU received.</summary>
    Evt3AssociateAcceptReceived,

    /// <summary>Evt4: A-ASSOCIATE-RJ PDU received.</summary>
    Evt4AssociateRejectReceived,

    /// <summary>Evt5: transport connection indication.</summary>
    Evt5TransportConnectIndication,

    /// <summary>Evt6: A-ASSOCIATE-RQ PDU received.</summary>
    Evt6AssociateRequestReceived,

    /// <summary>Evt7: A-ASSOCIATE response primitive (accept).</summary>
    Evt7AssociateAcceptPrimitive,

    /// <summary>Evt8: A-ASSOCIATE response primitive (reject).</summary>
    Evt8AssociateRejectPrimitive,

    /// <summary>Evt9: P-DATA request primitive.</summary>
    Evt9DataPrimitive,

    /// <summary>Evt10: P-DATA-TF PDU received.</summary>
    Evt10DataReceived,

    /// <summary>Evt11: A-RELEASE request primitive.</summary>
    Evt11ReleaseRequestPrimitive,

    /// <summary>Evt12: A-RELEASE-RQ PDU received.</summary>
    Evt12ReleaseRequestReceived,

    /// <summary>Evt13: A-RELEASE-RP PDU received.</summary>
    Evt13ReleaseResponseReceived,

    /// <summary>Evt14: A-RELEASE response primitive.</summary>
    Evt14ReleaseResponsePrimitive,

    /// <summary>Evt15: A-ABORT request primitive.</summary>
    Evt15AbortPrimitive,

    /// <summary>Evt16: A-ABORT PDU received.</summary>
    Evt16AbortReceived,

    /// <summary>Evt17: transport connection closed indication.</summary>
    Evt17TransportClosed,

    /// <summary>Evt18: ARTIM timer expired.</summary>
    Evt18ArtimExpired,

    /// <summary>Evt19: unrecognized or invalid PDU received.</summary>
    Evt19InvalidPduReceived,
}
