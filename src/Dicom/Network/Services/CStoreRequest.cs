namespace DicomSegNode.Dicom.Network.Services;

/// <summary>A C-STORE-RQ as a handler sees it (PS3.7 9.1.1): who sends it, what instance, and the transfer syntax of
/// the data set that follows (the presentation context's accepted one).</summary>
public sealed record CStoreRequest(
    AssociationInfo Association,
    ushort MessageId,
    string SopClassUid,
    string SopInstanceUid,
    string TransferSyntaxUid,
    string? MoveOriginatorAeTitle);
