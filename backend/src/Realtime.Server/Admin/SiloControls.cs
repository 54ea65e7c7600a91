using Grpc.Core;
using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions.Admin;
using Realtime.Server.Errors;

namespace Realtime.Server.Admin;

/// <summary>Reaches one silo's controls by its address, whichever silo the call arrived at.</summary>
public sealed class SiloControls(IGrainFactory grains, IOptions<AdminOptions> options)
{
    public Task<Dictionary<string, ISiloControl>> ListAsync() => grains.GetGrain<ISiloControlRegistryGrain>(0).ListAsync();

    /// <summary>
    /// Calls the silo named by <paramref name="silo"/>: InvalidArgument when the field is empty,
    /// NotFound when no live silo has that address, Unavailable when it does not answer in time.
    /// </summary>
    public async Task<T> CallAsync<T>(string silo, Func<ISiloControl, Task<T>> call, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(silo))
        {
            throw CommandException.Invalid([new Violation("silo", "is required: a silo address from GetClusterOverview")]);
        }
        var controls = await ListAsync();
        if (!controls.TryGetValue(silo, out var control))
        {
            throw new CommandException(StatusCode.NotFound, $"No live silo has the address '{silo}'.");
        }
        try
        {
            return await call(control).WaitAsync(options.Value.SiloCallTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new CommandException(StatusCode.Unavailable, $"The silo '{silo}' did not answer within {options.Value.SiloCallTimeout.TotalSeconds} s.");
        }
        catch (SiloUnavailableException)
        {
            throw new CommandException(StatusCode.Unavailable, $"The silo '{silo}' is unreachable.");
        }
    }

    public static void ValidateFraction(double fraction)
    {
        if (!(fraction > 0 && fraction <= 1))
        {
            throw CommandException.Invalid([new Violation("fraction", "must be greater than 0 and at most 1")]);
        }
    }
}
