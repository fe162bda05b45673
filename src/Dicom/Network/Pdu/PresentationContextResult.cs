namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>A presentation context item of an A-ASSOCIATE-AC (PS3.8 9.3.3.2): the id of the proposal it answers,
/// the result and the one transfer syntax accepted (meaningless unless accepted, but always present on the wire).</summary>
public sealed record PresentationContextResult(byte Id, PresentationContextResultReason Result, string TransferSyntax)
{
    /// <summary>True when the context was accepted.</summary>
    public bool IsAccepted => Result == PresentationContextResultReason.Acceptance;
}
