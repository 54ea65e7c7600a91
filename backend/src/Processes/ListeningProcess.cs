using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Realtime.Processes;

/// <summary>
/// A built .NET server run as a child process on loopback, bound to port 0, that names the ports it got
/// in one start-up line (e.g. "Listening: grpc=41234 web=41235"). Its output is read to the end, so it
/// never blocks on a full pipe. Compiled into the test support library and the load tool as a linked file.
/// </summary>
internal sealed class ListeningProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ListeningProcess(Process process, Match listening)
    {
        _process = process;
        Listening = listening;
    }

    /// <summary>The start-up line's match: its groups are the ports.</summary>
    public Match Listening { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <c>dotnet <paramref name="dll"/> <paramref name="arguments"/></c> in the dll's folder and
    /// waits (at most <paramref name="startTimeout"/>) for a line that matches <paramref name="listening"/>.
    /// The process is killed if it never says so.
    /// </summary>
    public static async Task<ListeningProcess> StartAsync(
        string name, string dll, IEnumerable<string> arguments, Regex listening, TimeSpan startTimeout, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(dll))!,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        var started = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
            {
                if (listening.Match(line) is { Success: true } match)
                {
                    started.TrySetResult(match);
                }
            }
            started.TrySetException(new InvalidOperationException($"{name} ended before it listened."));
        }, CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            return new ListeningProcess(process, await started.Task.WaitAsync(startTimeout, cancellationToken));
        }
        catch (InvalidOperationException ended)
        {
            throw new InvalidOperationException($"{ended.Message} Its errors: {await errors}", ended);
        }
        finally
        {
            if (!started.Task.IsCompletedSuccessfully)
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
            }
        }
    }

    /// <summary>The port in group <paramref name="group"/> of the start-up line.</summary>
    public int Port(int group) => int.Parse(Listening.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>kill -9: no shutdown, no goodbye.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
    }

    /// <summary>
    /// A loopback port nothing listens on right now (the OS picks it). Only for what must be named up
    /// front, such as an Orleans silo port; servers that can bind port 0 should.
    /// </summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
