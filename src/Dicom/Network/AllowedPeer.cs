namespace DicomSegNode.Dicom.Network;

/// <summary>An entry of the calling-AE allow-list: an AE title and, optionally, the host (IP address or name) it must
/// connect from.</summary>
public sealed record AllowedPeer(string AeTitle, string? Host = null);
