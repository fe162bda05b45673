using System.Net;
using DicomSegNode.Dicom.Network.Pdu;

namespace DicomSegNode.Dicom.Network.Association;

/// <summary>The acceptor's answer to an A-ASSOCIATE-RQ (PS3.8 7.1.1, 9.3.3, 9.3.4): either an A-ASSOCIATE-RJ with the
/// result, source and reason of Table 9-21 for the first check that fails, or an A-ASSOCIATE-AC with one result per
/// proposed presentation context (Table 9-18).</summary>
public static class AssociationNegotiator
{
    /// <summary>Checks <paramref name="request"/> in the order of Table 9-21: protocol version, application context,
    /// called AE, calling AE (and host), the association limit, user identity; then negotiates presentation contexts.</summary>
    public static async ValueTask<ProtocolDataUnit> NegotiateAsync(
        AAssociateRequest request, DicomServerOptions options, EndPoint? remote, bool overAssociationLimit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if ((request.ProtocolVersion & 1) == 0)
        {
            return AAssociateReject.ProtocolVersionNotSupported();
        }

        if (request.ApplicationContextName != AAssociateRequest.DicomApplicationContext)
        {
            return AAssociateReject.ApplicationContextNotSupported();
        }

        if (!options.AcceptAnyCalledAeTitle && !string.Equals(request.CalledAeTitle, options.AeTitle, StringComparison.Ordinal))
        {
            return AAssociateReject.CalledAeNotRecognized();
        }

        if (!await IsCallingPeerAllowedAsync(request.CallingAeTitle, remote, options.AllowedCallingAeTitles, cancellationToken))
        {
            return AAssociateReject.CallingAeNotRecognized();
        }

        if (overAssociationLimit)
        {
            return AAssociateReject.LocalLimitExceeded();
        }

        ReadOnlyMemory<byte>? identityResponse = null;
        if (request.UserInformation.UserIdentity is { } identity && options.UserIdentityValidator is { } validator)
        {
            var response = await validator.ValidateAsync(identity, request.CallingAeTitle, remote, cancellationToken);
            if (response is null)
            {
                return AAssociateReject.NoReasonGiven();
            }

            identityResponse = identity.PositiveResponseRequested ? response : null;
        }

        return new AAssociateAccept
        {
            CalledAeTitle = request.CalledAeTitle,
            CallingAeTitle = request.CallingAeTitle,
            PresentationContexts = request.PresentationContexts.Select(pc => NegotiateContext(pc, options)).ToList(),
            UserInformation = new UserInformation
            {
                MaxPduLength = options.MaxPduLength,
                ImplementationClassUid = NetworkUids.ImplementationClassUid,
                ImplementationVersionName = NetworkUids.ImplementationVersionName,
                // We perform one operation at a time; say so only when asked (PS3.7 D.3.3.3).
                AsyncOperations = request.UserInformation.AsyncOperations is null ? null : new AsyncOperationsWindow(1, 1),
                // Accept the requestor as SCU of what it proposes; we are never SCU on its association (PS3.7 D.3.3.4).
                RoleSelections = request.UserInformation.RoleSelections.Select(r => r with { ScpRole = false }).ToList(),
                UserIdentityServerResponse = identityResponse,
            },
        };
    }

    /// <summary>One presentation context: abstract syntax first (result 3), then the first transfer syntax in OUR order
    /// of preference that the requestor proposed (result 4 when none).</summary>
    public static PresentationContextResult NegotiateContext(PresentationContextProposal proposal, DicomServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(options);
        var fallback = proposal.TransferSyntaxes.Count > 0 ? proposal.TransferSyntaxes[0] : NetworkUids.ImplicitVrLittleEndian;
        if (!options.AcceptsAbstractSyntax(proposal.AbstractSyntax))
        {
            return new PresentationContextResult(proposal.Id, PresentationContextResultReason.AbstractSyntaxNotSupported, fallback);
        }

        foreach (var ours in options.TransferSyntaxes)
        {
            if (proposal.TransferSyntaxes.Contains(ours))
            {
                return new PresentationContextResult(proposal.Id, PresentationContextResultReason.Acceptance, ours);
            }
        }

        return new PresentationContextResult(proposal.Id, PresentationContextResultReason.TransferSyntaxesNotSupported, fallback);
    }

    private static async ValueTask<bool> IsCallingPeerAllowedAsync(string callingAe, EndPoint? remote, IReadOnlyList<AllowedPeer> allowed, CancellationToken cancellationToken)
    {
        if (allowed.Count == 0)
        {
            return true;
        }

        var remoteAddress = (remote as IPEndPoint)?.Address;
        if (remoteAddress is { IsIPv4MappedToIPv6: true })
        {
            remoteAddress = remoteAddress.MapToIPv4();
        }

        foreach (var peer in allowed)
        {
            if (!string.Equals(peer.AeTitle, callingAe, StringComparison.Ordinal))
            {
                continue;
            }

            if (peer.Host is null)
            {
                return true;
            }

            if (remoteAddress is null)
            {
                continue;
            }

            if (IPAddress.TryParse(peer.Host, out var address))
            {
                if (address.Equals(remoteAddress))
                {
                    return true;
                }

                continue;
            }

            try
            {
                var addresses = await Dns.GetHostAddressesAsync(peer.Host, cancellationToken);
                if (addresses.Any(a => (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).Equals(remoteAddress)))
                {
                    return true;
                }
            }
            catch (System.Net.Sockets.SocketException)
            {
                // An allow-list name that does not resolve allows nobody.
            }
        }

        return false;
    }
}
