namespace Realtime.Server.Tests;

/// <summary>
/// Tests that must not share the machine with others: ones that listen to every activity in the
/// process, and ones that measure a game loop's ticking on two cores. They run alone, after the rest.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolatedCollection
{
    public const string Name = "isolated";
}
