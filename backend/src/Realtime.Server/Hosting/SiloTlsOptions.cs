namespace Realtime.Server.Hosting;

/// <summary>
/// Mutual TLS between silos, bound from "Silo:Tls" (off while <see cref="CertificatePath"/> is empty).
/// Every silo presents its certificate on every silo-to-silo connection, both ways, and accepts only
/// peers whose certificate chains to <see cref="AuthorityPath"/>: a process without such a certificate
/// can neither join the cluster nor call its grains.
/// </summary>
public sealed class SiloTlsOptions
{
    /// <summary>This silo's certificate (usable for server and client authentication): PKCS#12, or PEM with <see cref="KeyPath"/>.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>The PEM private key of a PEM certificate.</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>Password of the PKCS#12 file or of an encrypted PEM key; never logged.</summary>
    public string Password { get; set; } = "";

    /// <summary>PEM file of the certificate authority every silo's certificate must chain to (required with TLS).</summary>
    public string AuthorityPath { get; set; } = "";

    public bool Enabled => CertificatePath.Length > 0;
}
