namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>Asynchronous operations window sub-item (PS3.7 D.3.3.3, item type 53H); 0 means unlimited.</summary>
public sealed record AsyncOperationsWindow(ushort MaxOperationsInvoked, ushort MaxOperationsPerformed);
