namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>A user information sub-item we carry but do not interpret (for example SOP class extended negotiation,
/// PS3.7 D.3.3.5, item type 56H), kept byte for byte so a PDU round-trips exactly.</summary>
public sealed record RawSubItem(byte ItemType, ReadOnlyMemory<byte> Value);
