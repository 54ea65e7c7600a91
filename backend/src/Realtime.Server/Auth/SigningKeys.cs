using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Realtime.Server.Auth;

/// <summary>The keys tokens may be signed with, from configuration (the authority's JWKS comes through discovery instead).</summary>
public static class SigningKeys
{
    public static IEnumerable<SecurityKey> From(AuthOptions options)
    {
        if (options.HasSigningKey)
        {
            yield return new SymmetricSecurityKey(options.SigningKeyBytes());
        }
        foreach (var path in options.PublicKeyPaths)
        {
            yield return PublicKey(File.ReadAllText(path));
        }
    }

    /// <summary>An RSA or EC public key from PEM.</summary>
    private static SecurityKey PublicKey(string pem)
    {
        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (CryptographicException)
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
    }
}
