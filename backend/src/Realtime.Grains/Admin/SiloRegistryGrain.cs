using Realtime.Grains.Abstractions.Admin;

namespace Realtime.Grains.Admin;

/// <summary>In memory only: observer references live as long as their silo, and silos re-register.</summary>
public sealed class SiloRegistryGrain(TimeProvider time) : Grain, ISiloRegistryGrain
{
    private readonly Dictionary<string, (SiloEndpoints Endpoints, DateTimeOffset Expires)> _silos = new(StringComparer.Ordinal);

    public Task RegisterAsync(string silo, SiloEndpoints endpoints, TimeSpan lifetime)
    {
        _silos[silo] = (endpoints, time.GetUtcNow() + lifetime);
        return Task.CompletedTask;
    }

    public Task<Dictionary<string, SiloEndpoints>> ListAsync()
    {
        var now = time.GetUtcNow();
        foreach (var expired in _silos.Where(s => s.Value.Expires <= now).Select(s => s.Key).ToArray())
        {
            _silos.Remove(expired);
        }
        return Task.FromResult(_silos.ToDictionary(s => s.Key, s => s.Value.Endpoints, StringComparer.Ordinal));
    }
}
