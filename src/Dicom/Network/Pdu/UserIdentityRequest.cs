namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>User identity negotiation sub-item of an A-ASSOCIATE-RQ (PS3.7 D.3.3.7.1, item type 58H).</summary>
public sealed record UserIdentityRequest(
    UserIdentityType IdentityType,
    bool PositiveResponseRequested,
    ReadOnlyMemory<byte> PrimaryField,
    ReadOnlyMemory<byte> SecondaryField);
