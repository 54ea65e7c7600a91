namespace Realtime.Grains.Abstractions.Documents;

[GenerateSerializer, Immutable]
public sealed record EditResult(
    [property: Id(0)] string Epoch,
    [property: Id(1)] long Revision,
    [property: Id(2)] bool Duplicate);
