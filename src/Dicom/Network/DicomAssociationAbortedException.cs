using DicomSegNode.Dicom.Network.Pdu;

namespace DicomSegNode.Dicom.Network;

/// <summary>The association was aborted (PS3.8 7.3 A-ABORT, 7.4 A-P-ABORT): by the peer's A-ABORT PDU, or by us
/// after a protocol error or a timeout.</summary>
public sealed class DicomAssociationAbortedException : DicomNetworkException
{
    /// <summary>Creates the exception.</summary>
    public DicomAssociationAbortedException(AbortSource source, AbortReason reason, bool byPeer, string message)
        : base(message)
    {
        AbortSource = source;
        AbortReason = reason;
        ByPeer = byPeer;
    }

    /// <summary>Source field of the A-ABORT.</summary>
    public AbortSource AbortSource { get; }

    /// <summary>Reason field of the A-ABORT.</summary>
    public AbortReason AbortReason { get; }

    /// <summary>True when the peer sent the A-ABORT; false when we aborted.</summary>
    public bool ByPeer { get; }
}
