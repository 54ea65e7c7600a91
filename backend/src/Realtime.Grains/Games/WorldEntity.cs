namespace Realtime.Grains.Games;

public enum WorldEntityKind
{
    Player,
    Item,
}

/// <summary>One thing in a game world; immutable, so "changed since last tick" is plain inequality.</summary>
public sealed record WorldEntity(string Id, WorldEntityKind Kind, double X, double Y, double Vx, double Vy, int Score);
