namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>Result field of the A-ASSOCIATE-RJ PDU (PS3.8 9.3.4, Table 9-21).</summary>
public enum AssociateRejectResult : byte
{
    /// <summary>Rejected (permanent).</summary>
    Permanent = 1,

    /// <summary>Rejected (transient): the requestor may try again later.</summary>
    Transient = 2,
}
