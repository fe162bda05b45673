using System.Buffers;
using System.IO.Pipelines;
using DicomSegNode.Dicom.Network.Pdu;

namespace DicomSegNode.Dicom.Network.Association;

/// <summary>One transport connection of the DICOM upper layer (PS3.8 9): reads and writes PDUs on
/// <see cref="System.IO.Pipelines"/> over a (TLS or plain) stream and drives the <see cref="AssociationStateMachine"/>
/// with every PDU sent or received. A PDU that is malformed, too long or not legal in the current state is answered
/// with an A-ABORT and surfaces as <see cref="DicomAssociationAbortedException"/>. Not thread-safe: one task owns it.</summary>
public sealed class UpperLayerConnection : IAsyncDisposable
{
    /// <summary>Cap on the data per PDU we send to a peer that announced "no limit" (maximum length 0, PS3.8 D.1).</summary>
    public const uint UnlimitedPeerSendCap = 1 << 20;

    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly TimeProvider _time;
    private byte[] _body = [];
    private bool _disposed;

    /// <summary>Wraps <paramref name="stream"/>; <paramref name="stateMachine"/> is in Sta2 (acceptor, after Evt5) or
    /// Sta4 (requestor, after Evt1).</summary>
    public UpperLayerConnection(Stream stream, AssociationStateMachine stateMachine, TimeProvider timeProvider, uint maxAssociatePduLength = 1 << 20)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        StateMachine = stateMachine ?? throw new ArgumentNullException(nameof(stateMachine));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        MaxAssociatePduLength = maxAssociatePduLength;
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 65536, minimumReadSize: 16384, leaveOpen: true));
        _writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 65536, leaveOpen: true));
    }

    /// <summary>The state machine of this connection.</summary>
    public AssociationStateMachine StateMachine { get; }

    /// <summary>Largest P-DATA-TF we accept (the maximum length we announced, PS3.8 D.1); 0 before negotiation means
    /// <see cref="MaxAssociatePduLength"/>.</summary>
    public uint MaxReceivePduLength { get; set; }

    /// <summary>Largest P-DATA-TF the peer accepts (its announced maximum length); 0 = no limit.</summary>
    public uint MaxSendPduLength { get; set; }

    /// <summary>Largest A-ASSOCIATE PDU accepted: bounds what a peer can make us buffer before negotiation.</summary>
    public uint MaxAssociatePduLength { get; }

    /// <summary>How long one PDU may take to go out (a peer that stops reading blocks our writes); infinite by default.</summary>
    public TimeSpan SendTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>The abort we sent, if any.</summary>
    public AAbort? SentAbort { get; private set; }

    /// <summary>Reads the next PDU, waiting at most <paramref name="timeout"/> for all of it (ARTIM, idle or DIMSE
    /// timeout). Returns null when the peer closed the connection where that is allowed (Sta2, Sta13); a P-DATA-TF's
    /// data stays valid until the next call. Aborts (and throws) on anything the state machine does not allow.</summary>
    /// <exception cref="TimeoutException">Nothing complete arrived in time; the caller decides (ARTIM expiry or abort).</exception>
    public async ValueTask<ProtocolDataUnit?> ReadPduAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        while (true)
        {
            ProtocolDataUnit? pdu;
            try
            {
                pdu = await ReadOneAsync(linked.Token);
            }
            catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No complete PDU within {timeout.TotalSeconds:0.###} s in {StateMachine.State}.");
            }
            catch (PduDecodeException e)
            {
                var action = StateMachine.Fire(AssociationEvent.Evt19InvalidPduReceived);
                await SendAbortForActionAsync(action, e.Reason);
                throw new DicomAssociationAbortedException(AbortSource.ServiceProvider, e.Reason, byPeer: false, $"Invalid PDU: {e.Message}");
            }
            catch (IOException e)
            {
                StateMachine.Fire(AssociationEvent.Evt17TransportClosed);
                throw new DicomNetworkException($"Connection lost: {e.Message}", e);
            }

            if (pdu is null)
            {
                var closed = StateMachine.Fire(AssociationEvent.Evt17TransportClosed);
                return closed is AssociationAction.Ar5 or AssociationAction.Aa5
                    ? null
                    : throw new DicomNetworkException("The peer closed the connection without releasing or aborting the association.");
            }

            var evt = pdu.Type switch
            {
                PduType.AssociateRequest => AssociationEvent.Evt6AssociateRequestReceived,
                PduType.AssociateAccept => AssociationEvent.Evt3AssociateAcceptReceived,
                PduType.AssociateReject => AssociationEvent.Evt4AssociateRejectReceived,
                PduType.DataTransfer => AssociationEvent.Evt10DataReceived,
                PduType.ReleaseRequest => AssociationEvent.Evt12ReleaseRequestReceived,
                PduType.ReleaseResponse => AssociationEvent.Evt13ReleaseResponseReceived,
                _ => AssociationEvent.Evt16AbortReceived,
            };
            var taken = StateMachine.Fire(evt);
            switch (taken)
            {
                case AssociationAction.Aa6:
                    continue;
                case AssociationAction.Aa2 or AssociationAction.Aa3:
                    var abort = (AAbort)pdu;
                    throw new DicomAssociationAbortedException(abort.Source, abort.Reason, byPeer: true, $"The peer aborted the association (source {abort.Source}, reason {abort.Reason}).");
                case var a when AssociationStateMachine.SendsAbort(a):
                    await SendAbortForActionAsync(a, AbortReason.UnexpectedPdu);
                    throw new DicomAssociationAbortedException(AbortSource.ServiceProvider, AbortReason.UnexpectedPdu, byPeer: false, $"Unexpected {pdu.Type} PDU; association aborted.");
                default:
                    return pdu;
            }
        }
    }

    /// <summary>Sends a PDU that is a local primitive in Table 9-10 (A-ASSOCIATE-RQ/AC/RJ, A-RELEASE-RQ/RP, P-DATA-TF).</summary>
    public async ValueTask SendAsync(ProtocolDataUnit pdu, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        StateMachine.Fire(pdu.Type switch
        {
            PduType.AssociateRequest => AssociationEvent.Evt2TransportConnectConfirm,
            PduType.AssociateAccept => AssociationEvent.Evt7AssociateAcceptPrimitive,
            PduType.AssociateReject => AssociationEvent.Evt8AssociateRejectPrimitive,
            PduType.DataTransfer => AssociationEvent.Evt9DataPrimitive,
            PduType.ReleaseRequest => AssociationEvent.Evt11ReleaseRequestPrimitive,
            PduType.ReleaseResponse => AssociationEvent.Evt14ReleaseResponsePrimitive,
            _ => AssociationEvent.Evt15AbortPrimitive,
        });
        PduEncoder.Encode(pdu, _writer);
        await FlushAsync(cancellationToken);
    }

    /// <summary>Sends a DIMSE command or data set as P-DATA-TF PDUs of one PDV each, fragmented to the peer's maximum
    /// length (PS3.8 9.3.5, Annex E); the last fragment carries the "last" bit.</summary>
    public async ValueTask SendMessagePartAsync(byte presentationContextId, bool isCommand, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var max = MaxDataPerPdv;
        var offset = 0;
        do
        {
            var chunk = Math.Min(max, data.Length - offset);
            var span = BeginPdv(chunk);
            PduEncoder.WriteSinglePdvHeader(span, presentationContextId, isCommand, offset + chunk == data.Length, chunk);
            data.Span.Slice(offset, chunk).CopyTo(span[12..]);
            _writer.Advance(12 + chunk);
            if (offset + chunk == data.Length || _writer.UnflushedBytes >= FlushThreshold)
            {
                await FlushAsync(cancellationToken);
            }

            offset += chunk;
        }
        while (offset < data.Length);
    }

    /// <summary>Sends <paramref name="length"/> bytes of <paramref name="source"/> as a DIMSE data set, read straight
    /// into the outgoing PDUs (no copy of the whole data set in memory).</summary>
    public async ValueTask SendDataSetAsync(byte presentationContextId, Stream source, long length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var max = MaxDataPerPdv;
        long sent = 0;
        do
        {
            var chunk = (int)Math.Min(max, length - sent);
            var memory = _writer.GetMemory(12 + chunk);
            PduEncoder.WriteSinglePdvHeader(memory.Span, presentationContextId, false, sent + chunk == length, chunk);
            // A synchronous read: the file is read sequentially through the page cache, and an async read per
            // fragment (16 KiB with dcmtk's default) costs more in scheduling than the copy itself.
            source.ReadExactly(memory.Span.Slice(12, chunk));
            StateMachine.Fire(AssociationEvent.Evt9DataPrimitive);
            _writer.Advance(12 + chunk);
            if (sent + chunk == length || _writer.UnflushedBytes >= FlushThreshold)
            {
                await FlushAsync(cancellationToken);
            }

            sent += chunk;
        }
        while (sent < length);
    }

    /// <summary>A-ABORT request primitive (Evt15): sends an A-ABORT with the service-user source where the state has an
    /// association, then the caller closes the connection.</summary>
    public async ValueTask AbortAsync(AbortReason reason = AbortReason.NotSpecified)
    {
        var action = AssociationStateMachine.Lookup(StateMachine.State, AssociationEvent.Evt15AbortPrimitive);
        if (action is null)
        {
            return;
        }

        StateMachine.Fire(AssociationEvent.Evt15AbortPrimitive);
        if (action == AssociationAction.Aa1)
        {
            await TrySendAbortAsync(new AAbort(AbortSource.ServiceUser, reason));
        }
    }

    /// <summary>Waits in Sta13 for the peer to close the transport, at most the ARTIM time (PS3.8 9.1.5), discarding
    /// anything it still sends (AA-6); then the caller closes.</summary>
    public async ValueTask AwaitTransportCloseAsync(TimeSpan artim, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(artim, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(linked.Token);
                _reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    StateMachine.Fire(AssociationEvent.Evt17TransportClosed);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested)
        {
            StateMachine.Fire(AssociationEvent.Evt18ArtimExpired);
        }
        catch (IOException)
        {
            StateMachine.Fire(AssociationEvent.Evt17TransportClosed);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _reader.CompleteAsync();
        try
        {
            await _writer.CompleteAsync();
        }
        catch (IOException)
        {
            // The peer is gone; nothing left to flush to.
        }

        await _stream.DisposeAsync();
        if (_body.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_body);
            _body = [];
        }
    }

    /// <summary>
    /// PDUs are written into the pipe and flushed to the socket once this much is pending (and at the end of each
    /// message part): one system call and one timer per 256 KiB instead of per PDU, while the memory held per
    /// association stays bounded by this figure.
    /// </summary>
    private const int FlushThreshold = 256 * 1024;

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        using var timer = SendTimeout == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(SendTimeout, _time);
        using var linked = timer is null ? null : CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            await _writer.FlushAsync(linked?.Token ?? cancellationToken);
        }
        catch (OperationCanceledException) when (timer?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
        {
            throw new DicomNetworkException($"The peer read nothing for {SendTimeout.TotalSeconds:0.###} s; giving up on the association.");
        }
        catch (IOException e)
        {
            throw new DicomNetworkException($"Connection lost while sending: {e.Message}", e);
        }
    }

    private int MaxDataPerPdv => (int)Math.Max(1, Math.Min(MaxSendPduLength == 0 ? UnlimitedPeerSendCap : MaxSendPduLength, UnlimitedPeerSendCap) - PduEncoder.PdvHeaderLength);

    private Span<byte> BeginPdv(int chunk)
    {
        StateMachine.Fire(AssociationEvent.Evt9DataPrimitive);
        return _writer.GetSpan(12 + chunk);
    }

    private async ValueTask<ProtocolDataUnit?> ReadOneAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (PduDecoder.TryReadHeader(buffer, out var type, out var length))
            {
                CheckLength(type, length);
                var total = PduEncoder.PduHeaderLength + (long)length;
                if (buffer.Length >= total)
                {
                    var bodyLength = (int)length;
                    if (_body.Length < bodyLength)
                    {
                        if (_body.Length > 0)
                        {
                            ArrayPool<byte>.Shared.Return(_body);
                        }

                        _body = ArrayPool<byte>.Shared.Rent(Math.Max(bodyLength, 4096));
                    }

                    buffer.Slice(PduEncoder.PduHeaderLength, bodyLength).CopyTo(_body);
                    _reader.AdvanceTo(buffer.GetPosition(total));
                    return PduDecoder.Decode(type, _body.AsMemory(0, bodyLength));
                }
            }

            if (result.IsCompleted)
            {
                _reader.AdvanceTo(buffer.End);
                if (buffer.Length == 0)
                {
                    return null;
                }

                throw new PduDecodeException($"Connection closed in the middle of a PDU ({buffer.Length} bytes of it received).");
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private void CheckLength(PduType type, uint length)
    {
        var limit = type switch
        {
            PduType.DataTransfer => MaxReceivePduLength == 0 ? MaxAssociatePduLength : MaxReceivePduLength,
            PduType.AssociateRequest or PduType.AssociateAccept => MaxAssociatePduLength,
            _ => 4u,
        };
        if (length > limit)
        {
            throw new PduDecodeException($"{type} PDU announces {length} bytes; the limit is {limit}.");
        }
    }

    private async ValueTask SendAbortForActionAsync(AssociationAction action, AbortReason reason)
    {
        if (AssociationStateMachine.SendsAbort(action))
        {
            var source = action == AssociationAction.Aa1 ? AbortSource.ServiceUser : AbortSource.ServiceProvider;
            await TrySendAbortAsync(new AAbort(source, source == AbortSource.ServiceUser ? AbortReason.NotSpecified : reason));
        }
    }

    private async ValueTask TrySendAbortAsync(AAbort abort)
    {
        SentAbort = abort;
        try
        {
            // The abort must go out even though the peer may have stopped reading: bound the wait.
            using var timer = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
            PduEncoder.Encode(abort, _writer);
            await _writer.FlushAsync(timer.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Best effort: the connection is closed next anyway.
        }
    }
}
