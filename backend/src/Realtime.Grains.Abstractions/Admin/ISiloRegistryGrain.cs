namespace Realtime.Grains.Abstractions.Admin;

/// <summary>
/// How to reach each live silo (one grain per cluster, key 0): its operator controls and the browser
/// sessions it holds. Silos register again every interval; a registration not renewed within its
/// lifetime is forgotten, so the registry heals by itself when it is reactivated elsewhere.
/// </summary>
public interface ISiloRegistryGrain : IGrainWithIntegerKey
{
    /// <param name="silo">The silo's address as <c>SiloAddress.ToParsableString()</c>.</param>
    /// <param name="endpoints">The silo's observer references.</param>
    /// <param name="lifetime">How long the registration holds without being renewed.</param>
    Task RegisterAsync(string silo, SiloEndpoints endpoints, TimeSpan lifetime);

    /// <summary>The live registrations, by silo address.</summary>
    Task<Dictionary<string, SiloEndpoints>> ListAsync();
}

/// <summary>What other silos and operators call on one silo.</summary>
[GenerateSerializer, Immutable]
public sealed record SiloEndpoints([property: Id(0)] ISiloControl Control, [property: Id(1)] ISessionHost Sessions);
