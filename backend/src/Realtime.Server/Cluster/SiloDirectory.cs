using Grpc.Core;
using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions.Admin;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Server.Cluster;

/// <summary>
/// Reaches any live silo by its address, whichever silo a call arrived at. Lookups for forwarded
/// session commands use a short-lived copy of the registry, so the registry grain is not on the path
/// of every command.
/// </summary>
public sealed class SiloDirectory(IGrainFactory grains, TimeProvider time, IOptions<SiloRegistryOptions> options)
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(2);
    private volatile Snapshot? _cache;

    /// <summary>The live silos, fresh from the registry.</summary>
    public async Task<Dictionary<string, SiloEndpoints>> ListAsync()
    {
        var silos = await grains.GetGrain<ISiloRegistryGrain>(0).ListAsync();
        _cache = new Snapshot(silos, time.GetUtcNow());
        return silos;
    }

    /// <summary>A live silo's endpoints, from the recent copy unless it is stale or lacks the silo.</summary>
    public async Task<SiloEndpoints?> FindAsync(string silo)
    {
        if (_cache is { } cache && time.GetUtcNow() - cache.Fetched < CacheLifetime && cache.Silos.TryGetValue(silo, out var cached))
        {
            return cached;
        }
        return (await ListAsync()).GetValueOrDefault(silo);
    }

    /// <summary>
    /// Calls the operator controls of the silo named by <paramref name="silo"/>: InvalidArgument when the
    /// field is empty, NotFound when no live silo has that address, Unavailable when it does not answer in time.
    /// </summary>
    public async Task<T> CallAsync<T>(string silo, Func<ISiloControl, Task<T>> call, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(silo))
        {
            throw CommandException.Invalid([new Violation("silo", "is required: a silo address from GetClusterOverview")]);
        }
        var endpoints = (await ListAsync()).GetValueOrDefault(silo)
            ?? throw new CommandException(StatusCode.NotFound, $"No live silo has the address '{silo}'.");
        return await WithinTimeoutAsync(silo, call(endpoints.Control), cancellationToken);
    }

    /// <summary>Awaits a call to another silo, bounded by the silo call timeout; a silo that is gone or silent is Unavailable.</summary>
    public async Task<T> WithinTimeoutAsync<T>(string silo, Task<T> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call.WaitAsync(options.Value.CallTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new CommandException(StatusCode.Unavailable, $"The silo '{silo}' did not answer within {options.Value.CallTimeout.TotalSeconds} s.");
        }
        catch (SiloUnavailableException)
        {
            throw new CommandException(StatusCode.Unavailable, $"The silo '{silo}' is unreachable.");
        }
    }

    private sealed record Snapshot(Dictionary<string, SiloEndpoints> Silos, DateTimeOffset Fetched);
}
