namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>SCP/SCU role selection sub-item (PS3.7 D.3.3.4, item type 54H).</summary>
public sealed record RoleSelection(string SopClassUid, bool ScuRole, bool ScpRole);
