using DicomSegNode.Dicom.Network.Dimse;

namespace DicomSegNode.Dicom.Network;

/// <summary>The outcome of one C-STORE (PS3.7 9.1.1): the instance, the status the SCP answered (or a local failure
/// when it could not be sent), and the error comment if any.</summary>
public sealed record CStoreResult(string SopInstanceUid, DimseStatus Status, string? ErrorComment, long Bytes)
{
    /// <summary>True when the instance was stored (success or warning).</summary>
    public bool IsStored => Status.IsSuccess || Status.IsWarning;
}
