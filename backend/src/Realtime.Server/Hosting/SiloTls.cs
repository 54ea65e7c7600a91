using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Realtime.Server.Hosting;

/// <summary>Turns on mutual TLS for silo-to-silo traffic from <see cref="SiloTlsOptions"/>.</summary>
public static class SiloTls
{
    public static ISiloBuilder UseSiloTls(this ISiloBuilder orleans, SiloTlsOptions tls)
    {
        if (!tls.Enabled)
        {
            return orleans;
        }
        if (tls.AuthorityPath.Length == 0)
        {
            throw new InvalidOperationException("Silo:Tls:CertificatePath is set but Silo:Tls:AuthorityPath is not: silos would accept any peer.");
        }
        var certificate = CertificateFiles.Load(tls.CertificatePath, tls.KeyPath, tls.Password);
        var authority = X509CertificateLoader.LoadCertificateFromFile(tls.AuthorityPath);
        return orleans.UseTls(certificate, options =>
        {
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            // Peers are trusted by the authority alone, not by host name: silos advertise addresses, not names.
            options.RemoteCertificateValidation = (peer, _, _) => CertificateFiles.ChainsTo(peer, authority);
        });
    }
}
