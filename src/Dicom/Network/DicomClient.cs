using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using DicomSegNode.Dicom.Data;
using DicomSegNode.Dicom.Dictionary;
using DicomSegNode.Dicom.IO;
using DicomSegNode.Dicom.Network.Association;
using DicomSegNode.Dicom.Network.Dimse;
using DicomSegNode.Dicom.Network.Pdu;
using DicomSegNode.Dicom.Network.Services;

namespace DicomSegNode.Dicom.Network;

/// <summary>A DICOM SCU association (PS3.8 requestor, PS3.7 DIMSE service user): connects (optionally over DICOM TLS),
/// negotiates, then sends C-ECHO and C-STORE requests one at a time (files streamed from disk, or in-memory data sets)
/// in a transfer syntax the peer accepted, transcoding between native syntaxes when needed, and releases.</summary>
public sealed class DicomClient : IAsyncDisposable
{
    private readonly UpperLayerConnection _connection;
    private readonly DicomClientOptions _options;
    private readonly Dictionary<byte, string> _abstractSyntaxes;
    private readonly ArrayBufferWriter<byte> _command = new(256);
    private ushort _nextMessageId;

    private DicomClient(UpperLayerConnection connection, DicomClientOptions options, AAssociateAccept accept, IReadOnlyList<PresentationContextProposal> proposals)
    {
        _connection = connection;
        _options = options;
        Accept = accept;
        _abstractSyntaxes = proposals.ToDictionary(p => p.Id, p => p.AbstractSyntax);
    }

    /// <summary>The A-ASSOCIATE-AC the peer sent.</summary>
    public AAssociateAccept Accept { get; }

    /// <summary>The abstract syntax we proposed for a presentation context id.</summary>
    public string AbstractSyntaxOf(byte presentationContextId) => _abstractSyntaxes[presentationContextId];

    /// <summary>Connects and negotiates an association proposing <paramref name="contexts"/>.</summary>
    /// <exception cref="DicomAssociationRejectedException">The peer answered A-ASSOCIATE-RJ.</exception>
    /// <exception cref="DicomNetworkException">Connection, TLS or protocol failure.</exception>
    public static async Task<DicomClient> ConnectAsync(DicomClientOptions options, IReadOnlyList<PresentationContextProposal> contexts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(contexts);
        var stateMachine = new AssociationStateMachine(isRequestor: true);
        stateMachine.Fire(AssociationEvent.Evt1AssociateRequestPrimitive);
        var stream = await OpenTransportAsync(options, cancellationToken);
        var connection = new UpperLayerConnection(stream, stateMachine, options.TimeProvider) { MaxReceivePduLength = options.MaxPduLength, SendTimeout = options.DimseTimeout };
        try
        {
            var request = new AAssociateRequest
            {
                CalledAeTitle = options.CalledAeTitle,
                CallingAeTitle = options.CallingAeTitle,
                PresentationContexts = contexts,
                UserInformation = new UserInformation
                {
                    MaxPduLength = options.MaxPduLength,
                    ImplementationClassUid = NetworkUids.ImplementationClassUid,
                    ImplementationVersionName = NetworkUids.ImplementationVersionName,
                    UserIdentity = options.UserIdentity,
                },
            };
            await connection.SendAsync(request, cancellationToken);
            ProtocolDataUnit? answer;
            try
            {
                answer = await connection.ReadPduAsync(options.ArtimTimeout, cancellationToken);
            }
            catch (TimeoutException e)
            {
                await connection.AbortAsync();
                throw new DicomNetworkException($"No A-ASSOCIATE-AC/RJ: {e.Message}", e);
            }

            switch (answer)
            {
                case AAssociateAccept accept:
                    connection.MaxSendPduLength = accept.UserInformation.MaxPduLength;
                    return new DicomClient(connection, options, accept, contexts);
                case AAssociateReject reject:
                    throw new DicomAssociationRejectedException(reject);
                default:
                    throw new DicomNetworkException("The peer closed the connection instead of answering the A-ASSOCIATE-RQ.");
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Presentation contexts to propose for instances of the given (SOP class, transfer syntax) pairs, plus
    /// Verification: one context per pair with exactly its own syntax (so an instance can go unchanged), and per SOP
    /// class with native instances one more with the little-endian native syntaxes, so a peer that accepts neither of
    /// the instance's own can still take it and we transcode (PS3.8 9.3.2.2). At most 128 contexts (odd ids 1-255).</summary>
    public static IReadOnlyList<PresentationContextProposal> ProposeFor(IEnumerable<(string SopClassUid, string TransferSyntaxUid)> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var pairs = instances.Distinct().ToList();
        var wanted = new List<(string AbstractSyntax, IReadOnlyList<string> Syntaxes)>
        {
            (NetworkUids.Verification, [NetworkUids.ExplicitVrLittleEndian, NetworkUids.ImplicitVrLittleEndian]),
        };
        wanted.AddRange(pairs.Select(p => (p.SopClassUid, (IReadOnlyList<string>)[p.TransferSyntaxUid])));
        wanted.AddRange(pairs.Where(p => NetworkUids.IsNative(p.TransferSyntaxUid)).Select(p => p.SopClassUid).Distinct()
            .Select(c => (c, (IReadOnlyList<string>)[NetworkUids.ExplicitVrLittleEndian, NetworkUids.ImplicitVrLittleEndian])));
        if (wanted.Count > 128)
        {
            throw new ArgumentException("Too many distinct SOP class/transfer syntax pairs for one association (128 presentation contexts): send them in several.", nameof(instances));
        }

        return wanted.Select((w, i) => new PresentationContextProposal((byte)((i * 2) + 1), w.AbstractSyntax, w.Syntaxes)).ToList();
    }

    /// <summary>C-ECHO (PS3.7 9.1.5) on the Verification context.</summary>
    public async Task<DimseStatus> EchoAsync(CancellationToken cancellationToken)
    {
        var context = FindContext(NetworkUids.Verification, null) ?? throw new DicomNetworkException("The peer did not accept the Verification SOP class.");
        var request = DimseCommand.CreateEchoRequest(NextMessageId());
        await _connection.SendMessagePartAsync(context.Id, isCommand: true, request.Encode(), cancellationToken);
        var response = await ReadResponseAsync(request, cancellationToken);
        return response.Status ?? throw new DimseProtocolException("C-ECHO-RSP without Status.");
    }

    /// <summary>C-STORE of a Part 10 file (PS3.7 9.1.1): streamed from disk when the peer accepted its transfer syntax,
    /// transcoded in memory when it accepted only another native syntax.</summary>
    public async Task<CStoreResult> StoreFileAsync(string path, CancellationToken cancellationToken)
    {
        var header = Part10Header.Read(path);
        var context = FindContext(header.SopClassUid, header.TransferSyntaxUid);
        if (context is null)
        {
            var native = NetworkUids.IsNative(header.TransferSyntaxUid) ? FindContext(header.SopClassUid, null, nativeOnly: true) : null;
            if (native is null)
            {
                return new CStoreResult(header.SopInstanceUid, DimseStatus.SopClassNotSupported, "No accepted presentation context for this SOP class and transfer syntax; not sent", 0);
            }

            var dataset = DicomFile.Open(path).Dataset;
            var bytes = DicomDatasetWriter.ToBytes(dataset, DicomTransferSyntax.FromUid(native.TransferSyntax));
            return await StoreBytesAsync(native.Id, header.SopClassUid, header.SopInstanceUid, bytes, cancellationToken);
        }

        var request = DimseCommand.CreateStoreRequest(NextMessageId(), header.SopClassUid, header.SopInstanceUid);
        await _connection.SendMessagePartAsync(context.Id, isCommand: true, request.Encode(), cancellationToken);
        long length;
        // Unbuffered: each fragment is read straight into the outgoing PDU, so a FileStream buffer would only add a copy
        // (and a 1 MiB allocation per instance).
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan))
        {
            file.Position = header.DataSetOffset;
            length = file.Length - header.DataSetOffset;
            if (length == 0)
            {
                await _connection.SendMessagePartAsync(context.Id, isCommand: false, ReadOnlyMemory<byte>.Empty, cancellationToken);
            }
            else
            {
                await _connection.SendDataSetAsync(context.Id, file, length, cancellationToken);
            }
        }

        var response = await ReadResponseAsync(request, cancellationToken);
        return new CStoreResult(header.SopInstanceUid, response.Status ?? throw new DimseProtocolException("C-STORE-RSP without Status."), response.ErrorComment, length);
    }

    /// <summary>C-STORE of an in-memory data set, encoded in the transfer syntax the peer accepted for its SOP class
    /// (native syntaxes; Explicit VR Little Endian preferred).</summary>
    public async Task<CStoreResult> StoreAsync(DicomDataset dataset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var sopClass = dataset.GetUid(DicomTags.SOPClassUID) ?? throw new ArgumentException("Data set without SOP Class UID.", nameof(dataset));
        var sopInstance = dataset.GetUid(DicomTags.SOPInstanceUID) ?? throw new ArgumentException("Data set without SOP Instance UID.", nameof(dataset));
        var context = FindContext(sopClass, NetworkUids.ExplicitVrLittleEndian) ?? FindContext(sopClass, null, nativeOnly: true);
        if (context is null)
        {
            return new CStoreResult(sopInstance, DimseStatus.SopClassNotSupported, "No accepted presentation context for this SOP class; not sent", 0);
        }

        var bytes = DicomDatasetWriter.ToBytes(dataset, DicomTransferSyntax.FromUid(context.TransferSyntax));
        return await StoreBytesAsync(context.Id, sopClass, sopInstance, bytes, cancellationToken);
    }

    /// <summary>A-RELEASE (PS3.8 7.2): sends A-RELEASE-RQ, waits for A-RELEASE-RP, closes.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        await _connection.SendAsync(AReleaseRequest.Instance, cancellationToken);
        try
        {
            while (true)
            {
                var pdu = await _connection.ReadPduAsync(_options.ArtimTimeout, cancellationToken);
                if (pdu is AReleaseResponse or null)
                {
                    break;
                }

                if (pdu is AReleaseRequest)
                {
                    // Release collision (PS3.8 9.2.3, AR-8 -> Sta9): the requestor answers the peer's RQ, then awaits its RP.
                    await _connection.SendAsync(AReleaseResponse.Instance, cancellationToken);
                }
            }
        }
        catch (TimeoutException e)
        {
            await _connection.AbortAsync();
            throw new DicomNetworkException($"No A-RELEASE-RP: {e.Message}", e);
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }

    /// <summary>A-ABORT (PS3.8 7.3) and close.</summary>
    public async ValueTask AbortAsync()
    {
        await _connection.AbortAsync();
        await _connection.DisposeAsync();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_connection.StateMachine.State == AssociationState.Sta6Established)
        {
            await _connection.AbortAsync();
        }

        await _connection.DisposeAsync();
    }

    private static async Task<Stream> OpenTransportAsync(DicomClientOptions options, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(options.ConnectTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(options.Host, options.Port, linked.Token);
            Stream stream = client.GetStream();
            if (options.Tls is { } tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = tls.TargetHost ?? options.Host,
                        EnabledSslProtocols = tls.Protocols,
                        ClientCertificates = tls.ClientCertificate is null ? null : new X509CertificateCollection { tls.ClientCertificate },
                        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                        RemoteCertificateValidationCallback = (_, certificate, _, errors) => ValidateServerCertificate(tls, certificate, errors),
                    },
                    linked.Token);
            }

            return stream;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            client.Dispose();
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new DicomNetworkException($"Cannot connect to {options.Host}:{options.Port}: {e.Message}", e);
        }
    }

    private static bool ValidateServerCertificate(DicomTlsClientOptions tls, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        if (tls.CheckCertificateName && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        if (tls.TrustedCertificateAuthorities.Count == 0)
        {
            return (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(tls.TrustedCertificateAuthorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private PresentationContextResult? FindContext(string abstractSyntax, string? transferSyntax, bool nativeOnly = false)
    {
        PresentationContextResult? best = null;
        foreach (var pc in Accept.PresentationContexts)
        {
            if (!pc.IsAccepted || !_abstractSyntaxes.TryGetValue(pc.Id, out var syntax) || syntax != abstractSyntax)
            {
                continue;
            }

            if (transferSyntax is not null)
            {
                if (pc.TransferSyntax == transferSyntax)
                {
                    return pc;
                }

                continue;
            }

            if (nativeOnly && (!NetworkUids.IsNative(pc.TransferSyntax) || pc.TransferSyntax == NetworkUids.ExplicitVrBigEndian))
            {
                continue;
            }

            best ??= pc;
        }

        return best;
    }

    private async Task<CStoreResult> StoreBytesAsync(byte contextId, string sopClass, string sopInstance, byte[] bytes, CancellationToken cancellationToken)
    {
        var request = DimseCommand.CreateStoreRequest(NextMessageId(), sopClass, sopInstance);
        await _connection.SendMessagePartAsync(contextId, isCommand: true, request.Encode(), cancellationToken);
        await _connection.SendMessagePartAsync(contextId, isCommand: false, bytes, cancellationToken);
        var response = await ReadResponseAsync(request, cancellationToken);
        return new CStoreResult(sopInstance, response.Status ?? throw new DimseProtocolException("C-STORE-RSP without Status."), response.ErrorComment, bytes.Length);
    }

    private async Task<DimseCommand> ReadResponseAsync(DimseCommand request, CancellationToken cancellationToken)
    {
        _command.Clear();
        while (true)
        {
            ProtocolDataUnit? pdu;
            try
            {
                pdu = await _connection.ReadPduAsync(_options.DimseTimeout, cancellationToken);
            }
            catch (TimeoutException e)
            {
                await _connection.AbortAsync();
                throw new DicomNetworkException($"No DIMSE response: {e.Message}", e);
            }

            if (pdu is not PDataTransfer data)
            {
                await _connection.AbortAsync();
                throw new DicomNetworkException($"Unexpected {pdu?.Type.ToString() ?? "close"} while awaiting a DIMSE response.");
            }

            foreach (var pdv in data.Values)
            {
                if (!pdv.IsCommand || _command.WrittenCount + pdv.Data.Length > DimseCommand.MaxEncodedLength)
                {
                    await _connection.AbortAsync();
                    throw new DimseProtocolException("Unexpected data set fragment or oversized command in a DIMSE response.");
                }

                _command.Write(pdv.Data.Span);
                if (pdv.IsLast)
                {
                    var response = DimseCommand.Decode(_command.WrittenSpan);
                    _command.Clear();
                    if (response.MessageIdBeingRespondedTo != request.MessageId || (ushort)response.CommandField != ((ushort)request.CommandField | 0x8000))
                    {
                        await _connection.AbortAsync();
                        throw new DimseProtocolException($"Response {(ushort)response.CommandField:X4} to message {response.MessageIdBeingRespondedTo}, expected one to {request.MessageId}.");
                    }

                    return response;
                }
            }
        }
    }

    private ushort NextMessageId()
    {
        _nextMessageId = (ushort)(_nextMessageId == ushort.MaxValue ? 1 : _nextMessageId + 1);
        return _nextMessageId;
    }
}
