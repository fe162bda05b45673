using DicomSegNode.Dicom.Network.Pdu;

namespace DicomSegNode.Dicom.Network;

/// <summary>The peer answered our A-ASSOCIATE-RQ with an A-ASSOCIATE-RJ (PS3.8 9.3.4).</summary>
public sealed class DicomAssociationRejectedException : DicomNetworkException
{
    /// <summary>Creates the exception from the reject PDU.</summary>
    public DicomAssociationRejectedException(AAssociateReject reject)
        : base($"Association rejected: {reject?.Describe()} (result {(byte?)reject?.Result}, source {(byte?)reject?.Source}, reason {reject?.Reason}).")
    {
        Reject = reject ?? throw new ArgumentNullException(nameof(reject));
    }

    /// <summary>The reject PDU as received.</summary>
    public AAssociateReject Reject { get; }
}
