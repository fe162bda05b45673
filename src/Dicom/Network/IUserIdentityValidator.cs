using System.Net;
using DicomSegNode.Dicom.Network.Pdu;

namespace DicomSegNode.Dicom.Network;

/// <summary>The hook that judges user identity negotiation (PS3.7 D.3.3.7). Return null to refuse the association
/// (A-ASSOCIATE-RJ, permanent, service-user, no reason given); otherwise the server response to send when the requestor
/// asked for a positive response (may be empty).</summary>
public interface IUserIdentityValidator
{
    /// <summary>Judges <paramref name="identity"/> from <paramref name="callingAeTitle"/> at <paramref name="remote"/>.</summary>
    ValueTask<ReadOnlyMemory<byte>?> ValidateAsync(UserIdentityRequest identity, string callingAeTitle, EndPoint? remote, CancellationToken cancellationToken);
}
