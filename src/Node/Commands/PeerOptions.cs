using System.CommandLine;
using DicomSegNode.Dicom.Network;

namespace DicomSegNode.Node.Commands;

/// <summary>The options every SCU verb shares (<c>echo</c>, <c>send</c>): the peer, AE titles and DICOM TLS.</summary>
internal sealed class PeerOptions
{
    private readonly Option<string> _host = new("--host") { Description = "Peer host name or address.", Required = true };
    private readonly Option<int> _port = new("--port") { Description = "Peer port.", DefaultValueFactory = _ => 104 };
    private readonly Option<string> _calledAet = new("--called-aet") { Description = "The peer's AE title.", DefaultValueFactory = _ => "ANY-SCP" };
    private readonly Option<string> _callingAet = new("--calling-aet") { Description = "Our AE title.", DefaultValueFactory = _ => "DICOMSEGNODE" };
    private readonly Option<bool> _tls = new("--tls") { Description = "Use DICOM TLS (TLS 1.2/1.3, PS3.15 B.1)." };
    private readonly Option<string?> _tlsCa = new("--tls-ca") { Description = "PEM CA bundle the peer certificate must chain to (default: system trust)." };
    private readonly Option<string?> _tlsCert = new("--tls-cert") { Description = "PEM client certificate, for peers that require one." };
    private readonly Option<string?> _tlsKey = new("--tls-key") { Description = "PEM private key of --tls-cert." };
    private readonly Option<bool> _tlsNoNameCheck = new("--tls-no-name-check") { Description = "Accept a peer certificate that does not name --host (the chain is still checked)." };
    private readonly Option<int> _timeout = new("--timeout") { Description = "Seconds to wait for the peer at each step.", DefaultValueFactory = _ => 30 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _host, _port, _calledAet, _callingAet, _tls, _tlsCa, _tlsCert, _tlsKey, _tlsNoNameCheck, _timeout })
        {
            command.Options.Add(option);
        }
    }

    public DicomClientOptions Read(ParseResult parseResult)
    {
        var timeout = TimeSpan.FromSeconds(parseResult.GetValue(_timeout));
        DicomTlsClientOptions? tls = null;
        if (parseResult.GetValue(_tls))
        {
            var ca = parseResult.GetValue(_tlsCa);
            var cert = parseResult.GetValue(_tlsCert);
            tls = new DicomTlsClientOptions
            {
                TrustedCertificateAuthorities = ca is null ? [] : DicomTlsCertificates.LoadCertificateAuthorities(ca),
                ClientCertificate = cert is null ? null : DicomTlsCertificates.LoadCertificate(cert, parseResult.GetValue(_tlsKey)),
                CheckCertificateName = !parseResult.GetValue(_tlsNoNameCheck),
            };
        }

        return new DicomClientOptions
        {
            Host = parseResult.GetValue(_host)!,
            Port = parseResult.GetValue(_port),
            CalledAeTitle = parseResult.GetValue(_calledAet)!,
            CallingAeTitle = parseResult.GetValue(_callingAet)!,
            ConnectTimeout = timeout,
            ArtimTimeout = timeout,
            DimseTimeout = timeout * 2,
            Tls = tls,
        };
    }
}
