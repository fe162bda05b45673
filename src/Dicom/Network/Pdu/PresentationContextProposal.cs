namespace DicomSegNode.Dicom.Network.Pdu;

/// <summary>A presentation context item of an A-ASSOCIATE-RQ (PS3.8 9.3.2.2): an odd id, one abstract syntax and
/// the transfer syntaxes proposed for it, in order of preference.</summary>
public sealed record PresentationContextProposal(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes);
