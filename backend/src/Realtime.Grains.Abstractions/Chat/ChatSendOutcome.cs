namespace Realtime.Grains.Abstractions.Chat;

/// <summary>One send of a run: stored (<see cref="Result"/>) or refused on its own (<see cref="Refusal"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record ChatSendOutcome([property: Id(0)] ChatSendResult? Result, [property: Id(1)] TopicException? Refusal);
