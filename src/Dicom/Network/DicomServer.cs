using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using DicomSegNode.Dicom.Network.Association;
using DicomSegNode.Dicom.Network.Services;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomSegNode.Dicom.Network;

/// <summary>A DICOM SCP (PS3.8 upper layer acceptor, PS3.7 DIMSE service provider): accepts TCP (or DICOM TLS, PS3.15
/// B.1) connections, runs one <see cref="AcceptorAssociation"/> per connection, answers C-ECHO, and streams C-STORE
/// data sets to an <see cref="ICStoreHandler"/>. Associations beyond <see cref="DicomServerOptions.MaxAssociations"/>
/// are refused transiently. A misbehaving peer costs its own association only.</summary>
public sealed class DicomServer : IAsyncDisposable
{
    private readonly DicomServerOptions _options;
    private readonly ICStoreHandler? _storeHandler;
    private readonly ILogger _logger;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<long, Task> _connections = [];
    private readonly Lock _lock = new();
    private readonly Task _acceptLoop;
    private long _nextId;
    private int _activeAssociations;

    private DicomServer(IPEndPoint endPoint, DicomServerOptions options, ICStoreHandler? storeHandler, ILogger? logger)
    {
        _options = options;
        _storeHandler = storeHandler;
        _logger = logger ?? NullLogger.Instance;
        _listener = new TcpListener(endPoint);
        _listener.Start(backlog: 128);
        LocalEndPoint = (IPEndPoint)_listener.LocalEndpoint;
        NetworkLog.Listening(_logger, LocalEndPoint, options.AeTitle, options.Tls is not null);
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
    }

    /// <summary>The bound end point (read the port back after binding port 0).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Associations accepted and not yet ended.</summary>
    public int ActiveAssociations => Volatile.Read(ref _activeAssociations);

    /// <summary>Binds <paramref name="endPoint"/> and starts accepting connections.</summary>
    public static DicomServer Start(IPEndPoint endPoint, DicomServerOptions options, ICStoreHandler? storeHandler, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxAssociations < 1)
        {
            throw new ArgumentException("MaxAssociations must be at least 1.", nameof(options));
        }

        return new DicomServer(endPoint, options, storeHandler, logger);
    }

    /// <summary>Stops listening, aborts open associations and waits for them to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        Task[] running;
        lock (_lock)
        {
            running = [.. _connections.Values];
        }

        await Task.WhenAll(running);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var id = Interlocked.Increment(ref _nextId);
            lock (_lock)
            {
                _connections[id] = RunConnectionAsync(id, socket, cancellationToken);
            }
        }
    }

    private async Task RunConnectionAsync(long id, Socket socket, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var remote = socket.RemoteEndPoint;
        try
        {
            socket.NoDelay = true;
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            string? clientSubject = null;
            if (_options.Tls is { } tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                using var handshakeTimer = new CancellationTokenSource(_options.ArtimTimeout, _options.TimeProvider);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(handshakeTimer.Token, cancellationToken);
                await ssl.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions
                    {
                        ServerCertificate = tls.ServerCertificate,
                        ClientCertificateRequired = tls.RequireClientCertificate,
                        EnabledSslProtocols = tls.Protocols,
                        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                        RemoteCertificateValidationCallback = (_, certificate, _, errors) => ValidateClientCertificate(tls, certificate, errors),
                    },
                    linked.Token);
                clientSubject = ssl.RemoteCertificate?.Subject;
            }

            var association = new AcceptorAssociation(_options, _storeHandler, _logger, id, remote, clientSubject, TryAcquireSlot, () => Interlocked.Decrement(ref _activeAssociations));
            await association.RunAsync(stream, cancellationToken);
        }
        catch (Exception e)
        {
            // Whatever one connection does wrong (TLS failure, reset, a bug it triggers) ends that connection only;
            // the accept loop and the other associations go on.
            NetworkLog.ConnectionFailed(_logger, id, remote, e.Message);
            socket.Dispose();
        }
        finally
        {
            lock (_lock)
            {
                _connections.Remove(id);
            }
        }
    }

    private bool TryAcquireSlot()
    {
        while (true)
        {
            var current = Volatile.Read(ref _activeAssociations);
            if (current >= _options.MaxAssociations)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _activeAssociations, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    private static bool ValidateClientCertificate(DicomTlsServerOptions tls, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return !tls.RequireClientCertificate;
        }

        if (tls.ClientCertificateAuthorities.Count == 0)
        {
            return errors == SslPolicyErrors.None;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(tls.ClientCertificateAuthorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
