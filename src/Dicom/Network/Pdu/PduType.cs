namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>PDU types of the DICOM upper layer protocol (PS3.8 9.3, Table 9-11 and following).</summary>
public enum PduType : byte
{
    /// <summary>A-ASSOCIATE-RQ (PS3.8 9.3.2).</summary>
    AssociateRequest = 0x01,

    /// <summary>A-ASSOCIATE-AC (PS3.8 9.3.3).</summary>
    AssociateAccept = 0x02,

    /// <summary>A-ASSOCIATE-RJ (PS3.8 9.3.4).</summary>
    AssociateReject = 0x03,

    /// <summary>P-DATA-TF (PS3.8 9.3.5).</summary>
    DataTransfer = 0x04,

    /// <summary>A-RELEASE-RQ (PS3.8 9.3.6).</summary>
    ReleaseRequest = 0x05,

    /// <summary>A-RELEASE-RP (PS3.8 9.3.7).</summary>
    ReleaseResponse = 0x06,

    /// <summary>A-ABORT (PS3.8 9.3.8).</summary>
    Abort = 0x07,
}
