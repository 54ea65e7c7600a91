using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Realtime.Testing;

/// <summary>
/// A throwaway certificate authority with a server certificate for 127.0.0.1/localhost and client
/// certificates, made in the test; the files the server reads live in a temp folder deleted on dispose.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("realtime-tls-").FullName;

    public TestCertificates()
    {
        Authority = CreateAuthority("Realtime Test CA");
        Server = Issue(Authority, "127.0.0.1", serverAuth: true);
        ServerPfxPath = Path.Combine(_folder, "server.pfx");
        File.WriteAllBytes(ServerPfxPath, Server.Export(X509ContentType.Pkcs12, ServerPfxPassword));
        AuthorityPemPath = Path.Combine(_folder, "ca.pem");
        File.WriteAllText(AuthorityPemPath, Authority.ExportCertificatePem());
    }

    public const string ServerPfxPassword = "test-only";

    public X509Certificate2 Authority { get; }

    public X509Certificate2 Server { get; }

    public string ServerPfxPath { get; }

    public string AuthorityPemPath { get; }

    public static X509Certificate2 CreateAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>A client certificate for <paramref name="name"/> signed by <paramref name="authority"/>.</summary>
    public static X509Certificate2 Client(X509Certificate2 authority, string name) => Issue(authority, name, serverAuth: false);

    /// <summary>A silo's certificate: for 127.0.0.1, usable both to accept and to open silo-to-silo connections.</summary>
    public static X509Certificate2 Silo(X509Certificate2 authority, string name) => Issue(authority, name, serverAuth: true, clientAuth: true);

    /// <summary>An HTTP handler that trusts only this authority and presents <paramref name="clientCertificate"/>, if any.</summary>
    public SocketsHttpHandler Handler(X509Certificate2? clientCertificate) => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(Authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            },
        },
    };

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        Authority.Dispose();
        Server.Dispose();
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string name, bool serverAuth, bool clientAuth = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        var purposes = new OidCollection();
        if (serverAuth)
        {
            purposes.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        }
        if (clientAuth || !serverAuth)
        {
            purposes.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        }
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(purposes, false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(12), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // Round-trip through PKCS#12 so the key is usable for TLS on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12, "x"), "x");
    }
}
