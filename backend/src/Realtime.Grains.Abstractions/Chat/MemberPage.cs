namespace Realtime.Grains.Abstractions.Chat;

/// <summary>A page of a room's present users in id order, and how many are present in all.</summary>
[GenerateSerializer, Immutable]
public sealed record MemberPage([property: Id(0)] string[] Members, [property: Id(1)] int PresentCount);
