using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Realtime.Server.Hosting;

/// <summary>
/// The TLS endpoint, bound from "Server:Tls": one port that negotiates HTTP/2 (native gRPC) or
/// HTTP/1.1 (gRPC-Web, the app, tokens) by ALPN. Off while <see cref="Port"/> is 0.
/// </summary>
public sealed class TlsOptions
{
    /// <summary>TLS port (default 0: no TLS endpoint).</summary>
    public int Port { get; set; }

    /// <summary>The server certificate: a PKCS#12 file (.pfx/.p12), or a PEM certificate with <see cref="KeyPath"/>.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>The PEM private key of a PEM certificate.</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>Password of the PKCS#12 file or of an encrypted PEM key; never logged.</summary>
    public string Password { get; set; } = "";

    /// <summary>Whether clients present certificates (default NoCertificate; RequireCertificate is mTLS).</summary>
    public ClientCertificateMode ClientCertificates { get; set; } = ClientCertificateMode.NoCertificate;

    /// <summary>PEM file of the certificate authority client certificates must chain to (default empty: the system's trust store).</summary>
    public string ClientCertificateAuthorityPath { get; set; } = "";

    public bool Enabled => Port > 0;
}
