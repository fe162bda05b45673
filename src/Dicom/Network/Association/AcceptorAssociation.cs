using System.Buffers;
using System.IO.Pipelines;
using DicomSegNode.Dicom.Network.Dimse;
using DicomSegNode.Dicom.Network.Pdu;
using DicomSegNode.Dicom.Network.Services;
using Microsoft.Extensions.Logging;

namespace DicomSegNode.Dicom.Network.Association;

/// <summary>The acceptor side of one association, from Sta2 to Sta1 (PS3.8 9.2): waits for the A-ASSOCIATE-RQ under
/// ARTIM, answers AC or RJ, then serves DIMSE requests one at a time (C-ECHO, C-STORE streamed to the handler,
/// C-CANCEL) until release, abort, idle timeout or shutdown.</summary>
internal sealed class AcceptorAssociation
{
    private readonly DicomServerOptions _options;
    private readonly ICStoreHandler? _storeHandler;
    private readonly ILogger _logger;
    private readonly long _id;
    private readonly System.Net.EndPoint? _remote;
    private readonly string? _clientCertificateSubject;
    private readonly Func<bool> _tryAcquireSlot;
    private readonly Action _releaseSlot;
    private readonly ArrayBufferWriter<byte> _command = new(512);
    private readonly Dictionary<byte, PresentationContextResult> _contexts = [];
    private readonly Dictionary<byte, string> _abstractSyntaxes = [];
    private AssociationInfo? _info;
    private DimseCommand? _pending;
    private byte _pendingContext;
    private Pipe? _dataPipe;
    private bool _dataReaderDone;
    private Task<(DimseStatus Status, string? Comment)>? _handlerTask;
    private (DimseStatus Status, string Comment)? _pendingFailure;
    private int _stored;
    private int _failed;

    public AcceptorAssociation(
        DicomServerOptions options, ICStoreHandler? storeHandler, ILogger logger, long id, System.Net.EndPoint? remote, string? clientCertificateSubject, Func<bool> tryAcquireSlot, Action releaseSlot)
    {
        _options = options;
        _storeHandler = storeHandler;
        _logger = logger;
        _id = id;
        _remote = remote;
        _clientCertificateSubject = clientCertificateSubject;
        _tryAcquireSlot = tryAcquireSlot;
        _releaseSlot = releaseSlot;
    }

    /// <summary>True once this association holds one of the server's association slots.</summary>
    public bool HoldsSlot { get; private set; }

    public async Task RunAsync(Stream stream, CancellationToken cancellationToken)
    {
        var stateMachine = new AssociationStateMachine(isRequestor: false);
        stateMachine.Fire(AssociationEvent.Evt5TransportConnectIndication);
        await using var connection = new UpperLayerConnection(stream, stateMachine, _options.TimeProvider) { SendTimeout = _options.IdleTimeout };
        try
        {
            ProtocolDataUnit? first;
            try
            {
                first = await connection.ReadPduAsync(_options.ArtimTimeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                stateMachine.Fire(AssociationEvent.Evt18ArtimExpired);
                NetworkLog.ConnectionFailed(_logger, _id, _remote, "no A-ASSOCIATE-RQ before the ARTIM timer expired");
                return;
            }

            if (first is not AAssociateRequest request)
            {
                return;
            }

            HoldsSlot = _tryAcquireSlot();
            var answer = await AssociationNegotiator.NegotiateAsync(request, _options, _remote, !HoldsSlot, cancellationToken);
            if (answer is AAssociateReject reject)
            {
                // A refused peer that keeps its connection open (until ARTIM) must not hold an association slot.
                ReleaseSlot();
                await connection.SendAsync(reject, cancellationToken);
                NetworkLog.Rejected(_logger, _id, request.CallingAeTitle, request.CalledAeTitle, _remote, reject.Describe());
                await connection.AwaitTransportCloseAsync(_options.ArtimTimeout, cancellationToken);
                return;
            }

            var accept = (AAssociateAccept)answer;
            foreach (var pc in accept.PresentationContexts.Where(pc => pc.IsAccepted))
            {
                _contexts[pc.Id] = pc;
            }

            foreach (var pc in request.PresentationContexts)
            {
                _abstractSyntaxes[pc.Id] = pc.AbstractSyntax;
            }

            _info = new AssociationInfo(_id, request.CallingAeTitle, request.CalledAeTitle, _remote, _clientCertificateSubject);
            connection.MaxReceivePduLength = _options.MaxPduLength;
            connection.MaxSendPduLength = request.UserInformation.MaxPduLength;
            await connection.SendAsync(accept, cancellationToken);
            NetworkLog.Accepted(_logger, _id, request.CallingAeTitle, request.CalledAeTitle, _remote, _contexts.Count, request.PresentationContexts.Count);
            await ServeAsync(connection, cancellationToken);
        }
        catch (DicomAssociationAbortedException e)
        {
            NetworkLog.Aborted(_logger, _id, e.Message);
        }
        catch (DimseProtocolException e)
        {
            await connection.AbortAsync();
            NetworkLog.Aborted(_logger, _id, $"DIMSE protocol error: {e.Message}");
        }
        catch (DicomNetworkException e)
        {
            NetworkLog.Aborted(_logger, _id, e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await connection.AbortAsync();
            NetworkLog.Aborted(_logger, _id, "server shutting down");
        }
        finally
        {
            await AbandonPendingAsync();
            ReleaseSlot();
        }
    }

    private void ReleaseSlot()
    {
        if (HoldsSlot)
        {
            HoldsSlot = false;
            _releaseSlot();
        }
    }

    private async Task ServeAsync(UpperLayerConnection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            ProtocolDataUnit? pdu;
            try
            {
                pdu = await connection.ReadPduAsync(_options.IdleTimeout, cancellationToken);
            }
            catch (TimeoutException e)
            {
                await connection.AbortAsync();
                throw new DicomAssociationAbortedException(AbortSource.ServiceUser, AbortReason.NotSpecified, byPeer: false, $"Idle timeout: {e.Message}");
            }

            switch (pdu)
            {
                case PDataTransfer data:
                    foreach (var pdv in data.Values)
                    {
                        await OnPdvAsync(connection, pdv, cancellationToken);
                    }

                    break;
                case AReleaseRequest:
                    if (_pending is not null || _command.WrittenCount > 0)
                    {
                        throw new DimseProtocolException("A-RELEASE-RQ in the middle of a DIMSE message.");
                    }

                    await connection.SendAsync(AReleaseResponse.Instance, cancellationToken);
                    NetworkLog.Released(_logger, _id, _stored, _failed);
                    await connection.AwaitTransportCloseAsync(_options.ArtimTimeout, cancellationToken);
                    return;
                default:
                    throw new DicomNetworkException("The connection closed unexpectedly.");
            }
        }
    }

    private async ValueTask OnPdvAsync(UpperLayerConnection connection, PresentationDataValue pdv, CancellationToken cancellationToken)
    {
        if (!_contexts.ContainsKey(pdv.PresentationContextId))
        {
            throw new DimseProtocolException($"PDV on presentation context {pdv.PresentationContextId}, which was not accepted.");
        }

        if (pdv.IsCommand)
        {
            if (_pending is not null)
            {
                throw new DimseProtocolException("Command fragment while a data set was expected.");
            }

            if (_command.WrittenCount > 0 && pdv.PresentationContextId != _pendingContext)
            {
                throw new DimseProtocolException("Command fragments on different presentation contexts.");
            }

            if (_command.WrittenCount + pdv.Data.Length > DimseCommand.MaxEncodedLength)
            {
                throw new DimseProtocolException($"Command set longer than {DimseCommand.MaxEncodedLength} bytes.");
            }

            _pendingContext = pdv.PresentationContextId;
            _command.Write(pdv.Data.Span);
            if (pdv.IsLast)
            {
                var command = DimseCommand.Decode(_command.WrittenSpan);
                _command.Clear();
                await OnCommandAsync(connection, command, cancellationToken);
            }

            return;
        }

        if (_pending is null || pdv.PresentationContextId != _pendingContext)
        {
            throw new DimseProtocolException("Data set fragment without a command that announced it.");
        }

        if (_dataPipe is not null && !_dataReaderDone)
        {
            var flush = await _dataPipe.Writer.WriteAsync(pdv.Data, cancellationToken);
            _dataReaderDone = flush.IsCompleted;
        }

        if (pdv.IsLast)
        {
            await CompleteStoreAsync(connection, cancellationToken);
        }
    }

    private async ValueTask OnCommandAsync(UpperLayerConnection connection, DimseCommand command, CancellationToken cancellationToken)
    {
        var abstractSyntax = _abstractSyntaxes[_pendingContext];
        switch (command.CommandField)
        {
            case DimseCommandField.CEchoRequest when !command.HasDataSet:
                NetworkLog.Echo(_logger, _id, command.MessageId ?? 0);
                var status = abstractSyntax == NetworkUids.Verification ? DimseStatus.Success : DimseStatus.SopClassNotSupported;
                await SendResponseAsync(connection, command, status, status.IsSuccess ? null : "Not a Verification context", cancellationToken);
                return;
            case DimseCommandField.CStoreRequest when command.HasDataSet:
                StartStore(command, abstractSyntax, cancellationToken);
                return;
            case DimseCommandField.CCancelRequest:
                // We serve one request at a time and C-STORE has no cancel (PS3.7 9.3.2.3 applies to C-FIND/GET/MOVE):
                // nothing is outstanding to cancel.
                return;
            default:
                if ((ushort)command.CommandField >= 0x8000)
                {
                    throw new DimseProtocolException($"Unexpected response command {(ushort)command.CommandField:X4} from the requestor.");
                }

                _pending = command;
                _pendingFailure = (DimseStatus.UnrecognizedOperation, "Operation not supported");
                if (!command.HasDataSet)
                {
                    await CompleteStoreAsync(connection, cancellationToken);
                }

                return;
        }
    }

    private void StartStore(DimseCommand command, string abstractSyntax, CancellationToken cancellationToken)
    {
        _pending = command;
        var sopClass = command.AffectedSopClassUid;
        var sopInstance = command.AffectedSopInstanceUid;
        if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance))
        {
            _pendingFailure = (DimseStatus.CannotUnderstand, "Missing Affected SOP Class or Instance UID");
            return;
        }

        if (sopClass != abstractSyntax || _storeHandler is null)
        {
            _pendingFailure = (DimseStatus.SopClassNotSupported, "SOP class differs from the presentation context");
            return;
        }

        var request = new CStoreRequest(_info!, command.MessageId ?? 0, sopClass, sopInstance, _contexts[_pendingContext].TransferSyntax, command.MoveOriginatorAeTitle);
        _dataPipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, minimumSegmentSize: 1 << 16, useSynchronizationContext: false));
        _dataReaderDone = false;
        _handlerTask = RunHandlerAsync(_storeHandler, request, _dataPipe.Reader, cancellationToken);
    }

    private static async Task<(DimseStatus Status, string? Comment)> RunHandlerAsync(ICStoreHandler handler, CStoreRequest request, PipeReader reader, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            return (await handler.StoreAsync(request, reader, cancellationToken), null);
        }
        catch (DimseStatusException e)
        {
            return (e.Status, e.ErrorComment);
        }
        catch (IOException e)
        {
            return (DimseStatus.OutOfResources, Truncate("Out of resources: " + e.Message));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (DimseStatus.ProcessingFailure, Truncate(e.Message));
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private async ValueTask CompleteStoreAsync(UpperLayerConnection connection, CancellationToken cancellationToken)
    {
        var command = _pending!;
        DimseStatus status;
        string? comment;
        if (_handlerTask is not null)
        {
            await _dataPipe!.Writer.CompleteAsync();
            (status, comment) = await _handlerTask;
        }
        else
        {
            (status, comment) = _pendingFailure ?? (DimseStatus.ProcessingFailure, "No handler");
        }

        _pending = null;
        _pendingFailure = null;
        _handlerTask = null;
        _dataPipe = null;
        if (status.IsFailure)
        {
            _failed++;
            NetworkLog.StoreFailed(_logger, _id, command.MessageId ?? 0, status.ToString(), comment ?? string.Empty);
        }
        else
        {
            _stored++;
            NetworkLog.Stored(_logger, _id, command.AffectedSopClassUid ?? string.Empty, command.MessageId ?? 0, status.ToString());
        }

        await SendResponseAsync(connection, command, status, comment, cancellationToken);
    }

    private async ValueTask SendResponseAsync(UpperLayerConnection connection, DimseCommand request, DimseStatus status, string? comment, CancellationToken cancellationToken)
    {
        var response = DimseCommand.CreateResponse(request, status, comment);
        await connection.SendMessagePartAsync(_pendingContext, isCommand: true, response.Encode(), cancellationToken);
    }

    private async ValueTask AbandonPendingAsync()
    {
        if (_dataPipe is not null && _handlerTask is not null)
        {
            // The association ended mid-instance: the handler sees an incomplete data set and must not keep it.
            await _dataPipe.Writer.CompleteAsync(new DicomNetworkException("The association ended before the data set was complete."));
            try
            {
                await _handlerTask;
            }
            catch (OperationCanceledException)
            {
                // Shutdown.
            }
        }
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64];
}
