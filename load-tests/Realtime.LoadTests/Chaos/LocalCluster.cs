using System.Diagnostics;

namespace Realtime.LoadTests.Chaos;

/// <summary>
/// The cluster <c>infra/local-cluster.sh</c> runs on this machine: starts and stops it, and stages the
/// faults an operator meets (a silo killed or stopped, Redis away) through the script and its pid files.
/// </summary>
public sealed class LocalCluster(string repositoryRoot, int silos)
{
    private string Script => Path.Combine(repositoryRoot, "infra", "local-cluster.sh");

    private string State => Path.Combine(repositoryRoot, ".local-cluster");

    public int Silos => silos;

    public Task UpAsync(int balancerPort, CancellationToken cancellationToken) => RunAsync(cancellationToken, "up", silos.ToString(System.Globalization.CultureInfo.InvariantCulture), balancerPort.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public Task DownAsync(CancellationToken cancellationToken) => RunAsync(cancellationToken, "down");

    public Task StartSiloAsync(int silo, CancellationToken cancellationToken) => RunAsync(cancellationToken, "start-silo", silo.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>SIGTERM: the silo drains its streams (reconnect hints with resume points), then exits.</summary>
    public Task StopSiloAsync(int silo, CancellationToken cancellationToken) => RunAsync(cancellationToken, "stop-silo", silo.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public Task StartRedisAsync(CancellationToken cancellationToken) => RunAsync(cancellationToken, "start-redis");

    public Task StopRedisAsync(CancellationToken cancellationToken) => RunAsync(cancellationToken, "stop-redis");

    /// <summary>kill -9: no goodbye, no drain; the others must declare it dead.</summary>
    public void Kill(int silo)
    {
        using var process = Process.GetProcessById(Pid(silo));
        process.Kill();
    }

    /// <summary>Silos whose process is gone although nobody stopped them.</summary>
    public IReadOnlyList<int> Exited() => [.. Enumerable.Range(0, silos).Where(i => !IsRunning(i))];

    private bool IsRunning(int silo)
    {
        try
        {
            using var process = Process.GetProcessById(Pid(silo));
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or FileNotFoundException or FormatException)
        {
            return false;
        }
    }

    private int Pid(int silo) => int.Parse(File.ReadAllText(Path.Combine(State, $"silo-{silo}.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private async Task RunAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = repositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {Script}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"local-cluster.sh {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await errors}");
        }
    }
}
