namespace Realtime.Grains.Abstractions.Access;

/// <summary>A policy after an update, and the users present in the topic whose role it lowered (their streams are to be removed).</summary>
[GenerateSerializer, Immutable]
public sealed record AccessUpdate([property: Id(0)] TopicAccess Access, [property: Id(1)] string[] Lowered);
