namespace Realtime.Grains.Abstractions.Chat;

/// <summary>Present users in id order, with the profiles of those that have one, and how many are present in all.</summary>
[GenerateSerializer, Immutable]
public sealed record MemberPage([property: Id(0)] PresentMember[] Members, [property: Id(1)] int PresentCount);

/// <summary>A present user and, when the application's callout gave one, how others see them.</summary>
[GenerateSerializer, Immutable]
public sealed record PresentMember([property: Id(0)] string UserId, [property: Id(1)] MemberProfile? Profile);
