namespace Realtime.Grains.Abstractions;

/// <summary>How a present user is shown to others, as the application's join callout described them; empty fields are not set.</summary>
[GenerateSerializer, Immutable]
public sealed record MemberProfile([property: Id(0)] string DisplayName, [property: Id(1)] string AvatarUrl);
