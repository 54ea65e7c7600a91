namespace Realtime.LoadTests.Scenarios;

/// <summary>One workload. The run calls SetUp (the ramp-up), then Run until the measured time is over, then Finish.</summary>
public interface IScenario : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Streams this scenario has open now.</summary>
    int Streams { get; }

    /// <summary>What is offered, in words, for the report.</summary>
    string Describe();

    Task SetUpAsync(RunContext context, CancellationToken cancellationToken);

    /// <summary>Generates load until <paramref name="cancellationToken"/> fires.</summary>
    Task RunAsync(RunContext context, CancellationToken cancellationToken);

    /// <summary>Checks after the load stopped (convergence …), as named results.</summary>
    Task<IReadOnlyDictionary<string, string>> FinishAsync(RunContext context, CancellationToken cancellationToken);
}
