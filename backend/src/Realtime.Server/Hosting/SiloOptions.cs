using System.ComponentModel.DataAnnotations;

namespace Realtime.Server.Hosting;

/// <summary>
/// The embedded Orleans silo's ports, bound from the "Silo" section (not "Orleans", which Orleans
/// binds itself).
/// </summary>
public sealed class SiloOptions
{
    public const string SectionName = "Silo";

    /// <summary>Silo-to-silo port (default 11111).</summary>
    [Range(1, 65_535)]
    public int Port { get; set; } = 11111;

    /// <summary>
    /// The address other silos reach this one at, in cluster mode (default 127.0.0.1); "auto" takes the
    /// host's first non-loopback IPv4 address (containers).
    /// </summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>The name operators see for this silo (default: the host name and silo port, "web-1:11111"; the pod name under Kubernetes hosting).</summary>
    public string Name { get; set; } = "";

    /// <summary>Mutual TLS between silos in cluster mode (off by default).</summary>
    public SiloTlsOptions Tls { get; set; } = new();

    /// <summary>
    /// Grain locations this silo keeps in its directory cache (default 100,000). Orleans' own default of
    /// 1,000,000 allocates about 18 MB at start whether or not it is used; a location not cached costs
    /// one directory lookup on the next call to that grain.
    /// </summary>
    [Range(0, 10_000_000)]
    public int DirectoryCacheSize { get; set; } = 100_000;

    /// <summary>Orleans client gateway port (default 0: none; clients come in over gRPC).</summary>
    [Range(0, 65_535)]
    public int GatewayPort { get; set; }
}
