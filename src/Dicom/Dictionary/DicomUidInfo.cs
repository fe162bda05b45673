namespace DicomSegNode.Dicom.Dictionary;

/// <summary>One entry of the UID registry (PS3.6 Table A-1).</summary>
/// <param name="Uid">The UID.</param>
/// <param name="Name">Its registered name, e.g. "CT Image Storage".</param>
/// <param name="Type">"SOP Class", "Transfer Syntax", "Well-known frame of reference", ...</param>
/// <param name="IsRetired">True when retired.</param>
/// <param name="Keyword">Its keyword, e.g. "CTImageStorage".</param>
public sealed record DicomUidInfo(string Uid, string Name, string Type, bool IsRetired, string Keyword);
