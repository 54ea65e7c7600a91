using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Realtime.Server.Hosting;

/// <summary>Certificates read from files, and the one chain check every TLS endpoint here uses.</summary>
public static class CertificateFiles
{
    /// <summary>A PKCS#12 file (.pfx/.p12), or a PEM certificate with its PEM key (encrypted when <paramref name="password"/> is set).</summary>
    public static X509Certificate2 Load(string certificatePath, string keyPath, string password)
    {
        if (keyPath.Length > 0)
        {
            return password.Length > 0
                ? X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, keyPath)
                : X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        return X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password.Length > 0 ? password : null);
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> chains to <paramref name="authority"/> (and only it) for
    /// <paramref name="purposeOid"/> when given, ignoring revocation lists, which a private CA rarely serves.
    /// </summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 authority, string? purposeOid = null)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (purposeOid is not null)
        {
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(purposeOid));
        }
        return chain.Build(certificate);
    }
}
