namespace Realtime.Grains.Abstractions.Admin;

/// <summary>
/// Where each silo's <see cref="ISiloControl"/> can be found (one grain per cluster, key 0). Silos
/// register again every interval; a registration not renewed within its lifetime is forgotten, so
/// the registry heals by itself when it is reactivated elsewhere.
/// </summary>
public interface ISiloControlRegistryGrain : IGrainWithIntegerKey
{
    /// <param name="silo">The silo's address as <c>SiloAddress.ToParsableString()</c>.</param>
    /// <param name="control">The silo's observer reference.</param>
    /// <param name="lifetime">How long the registration holds without being renewed.</param>
    Task RegisterAsync(string silo, ISiloControl control, TimeSpan lifetime);

    /// <summary>The live registrations, by silo address.</summary>
    Task<Dictionary<string, ISiloControl>> ListAsync();
}
