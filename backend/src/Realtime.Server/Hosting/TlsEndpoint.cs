using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Realtime.Server.Hosting;

/// <summary>Listens with TLS: the server certificate from files, and client certificates checked against the configured authority.</summary>
public static class TlsEndpoint
{
    public static void Listen(KestrelServerOptions kestrel, IPAddress address, TlsOptions tls)
    {
        var certificate = LoadCertificate(tls);
        var authority = tls.ClientCertificateAuthorityPath.Length > 0 ? X509CertificateLoader.LoadCertificateFromFile(tls.ClientCertificateAuthorityPath) : null;
        kestrel.Listen(address, tls.Port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = certificate;
                https.ClientCertificateMode = tls.ClientCertificates;
                if (authority is not null)
                {
                    https.ClientCertificateValidation = (client, _, _) => CertificateFiles.ChainsTo(client, authority, ClientAuthentication);
                }
            });
        });
    }

    private static X509Certificate2 LoadCertificate(TlsOptions tls) => tls.CertificatePath.Length > 0
        ? CertificateFiles.Load(tls.CertificatePath, tls.KeyPath, tls.Password)
        : throw new InvalidOperationException("Server:Tls:Port is set but Server:Tls:CertificatePath is not.");

    /// <summary>The client authentication purpose a client certificate must carry.</summary>
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
}
