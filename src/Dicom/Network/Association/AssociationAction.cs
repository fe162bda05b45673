namespace DicomSegNode.Dicom.Network.Association;

/// <summary>Actions of the DICOM upper layer state machine (PS3.8 9.2.2, Tables 9-6 to 9-9).</summary>
public enum AssociationAction
{
    /// <summary>AE-1: issue TRANSPORT CONNECT request -> Sta4.</summary>
    Ae1 = 1,

    /// <summary>AE-2: send A-ASSOCIATE-RQ PDU -> Sta5.</summary>
    Ae2,

    /// <summary>AE-3: issue A-ASSOCIATE confirmation (accept) -> Sta6.</summary>
    Ae3,

    /// <summary>AE-4: issue A-ASSOCIATE confirmation (reject) and close transport -> Sta1.</summary>
    Ae4,

    /// <summary>AE-5: issue transport connection response, start ARTIM -> Sta2.</summary>
    Ae5,

    /// <summary>AE-6: stop ARTIM; if acceptable issue A-ASSOCIATE indication (-> Sta3), else send A-ASSOCIATE-RJ and start ARTIM (-> Sta13).</summary>
    Ae6,

    /// <summary>AE-7: send A-ASSOCIATE-AC PDU -> Sta6.</summary>
    Ae7,

    /// <summary>AE-8: send A-ASSOCIATE-RJ PDU, start ARTIM -> Sta13.</summary>
    Ae8,

    /// <summary>DT-1: send P-DATA-TF PDU -> Sta6.</summary>
    Dt1,

    /// <summary>DT-2: issue P-DATA indication -> Sta6.</summary>
    Dt2,

    /// <summary>AR-1: send A-RELEASE-RQ PDU -> Sta7.</summary>
    Ar1,

    /// <summary>AR-2: issue A-RELEASE indication -> Sta8.</summary>
    Ar2,

    /// <summary>AR-3: issue A-RELEASE confirmation, close transport -> Sta1.</summary>
    Ar3,

    /// <summary>AR-4: send A-RELEASE-RP PDU, start ARTIM -> Sta13.</summary>
    Ar4,

    /// <summary>AR-5: stop ARTIM -> Sta1.</summary>
    Ar5,

    /// <summary>AR-6: issue P-DATA indication -> Sta7.</summary>
    Ar6,

    /// <summary>AR-7: send P-DATA-TF PDU -> Sta8.</summary>
    Ar7,

    /// <summary>AR-8: issue A-RELEASE indication (release collision) -> Sta9 (requestor) or Sta10 (acceptor).</summary>
    Ar8,

    /// <summary>AR-9: send A-RELEASE-RP PDU -> Sta11.</summary>
    Ar9,

    /// <summary>AR-10: issue A-RELEASE confirmation -> Sta12.</summary>
    Ar10,

    /// <summary>AA-1: send A-ABORT PDU (service-user source), start or restart ARTIM -> Sta13.</summary>
    Aa1,

    /// <summary>AA-2: stop ARTIM if running, close transport -> Sta1.</summary>
    Aa2,

    /// <summary>AA-3: issue A-ABORT or A-P-ABORT indication, close transport -> Sta1.</summary>
    Aa3,

    /// <summary>AA-4: issue A-P-ABORT indication -> Sta1.</summary>
    Aa4,

    /// <summary>AA-5: stop ARTIM -> Sta1.</summary>
    Aa5,

    /// <summary>AA-6: ignore PDU -> Sta13.</summary>
    Aa6,

    /// <summary>AA-7: send A-ABORT PDU -> Sta13.</summary>
    Aa7,

    /// <summary>AA-8: send A-ABORT PDU (service-provider source), issue A-P-ABORT indication, start ARTIM -> Sta13.</summary>
    Aa8,
}
