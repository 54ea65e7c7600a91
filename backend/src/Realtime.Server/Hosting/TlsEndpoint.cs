using System.Net;
using System.Security.Cryptography;
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
                    https.ClientCertificateValidation = (client, _, _) => ChainsTo(client, authority);
                }
            });
        });
    }

    private static X509Certificate2 LoadCertificate(TlsOptions tls)
    {
        if (tls.CertificatePath.Length == 0)
        {
            throw new InvalidOperationException("Server:Tls:Port is set but Server:Tls:CertificatePath is not.");
        }
        if (tls.KeyPath.Length > 0)
        {
            return tls.Password.Length > 0
                ? X509Certificate2.CreateFromEncryptedPemFile(tls.CertificatePath, tls.Password, tls.KeyPath)
                : X509Certificate2.CreateFromPemFile(tls.CertificatePath, tls.KeyPath);
        }
        return X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath, tls.Password.Length > 0 ? tls.Password : null);
    }

    /// <summary>Whether the client's certificate chains to the configured authority (and only it), ignoring revocation lists, which a private CA rarely serves.</summary>
    private static bool ChainsTo(X509Certificate2 client, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(client);
    }
}
