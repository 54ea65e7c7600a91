namespace Realtime.Grains.Abstractions.Admin;

/// <summary>
/// One silo's operator levers and access enforcement, registered by the silo as a grain observer so an admin call that
/// arrives at any silo can reach it.
/// </summary>
public interface ISiloControl : IGrainObserver
{
    Task<SiloLoad> GetLoadAsync();

    /// <summary>Reconnect hints to every stream, NOT_SERVING, and new streams turned away until <see cref="ResumeAsync"/>; returns the streams drained.</summary>
    Task<int> DrainAsync();

    /// <summary>Takes streams again; false when the silo is shutting down and cannot.</summary>
    Task<bool> ResumeAsync();

    /// <summary>Reconnect hints to a random <paramref name="fraction"/> of the streams.</summary>
    Task<ShedResult> ShedAsync(double fraction);

    /// <summary>Removes the streams of <paramref name="userIds"/> (admins' excepted) from <paramref name="topic"/>, after their access was lowered; returns how many.</summary>
    Task<int> RevokeAsync(string topic, string[] userIds);
}

/// <summary>What one silo serves right now.</summary>
[GenerateSerializer, Immutable]
public sealed class SiloLoad
{
    [Id(0)] public required bool Draining { get; init; }
    [Id(1)] public required Dictionary<string, int> StreamsByMethod { get; init; }
    [Id(2)] public required Dictionary<string, int> TopicsByKind { get; init; }
}

[GenerateSerializer, Immutable]
public sealed record ShedResult([property: Id(0)] int Shed, [property: Id(1)] int Remaining);
