using Realtime.Grains.Abstractions.Access;

namespace Realtime.Grains.Abstractions.Documents;

/// <summary>
/// An edit as submitted: either full operation <see cref="Components"/>, or (when that is null) the
/// simple form "replace code points [<see cref="Start"/>, <see cref="End"/>) with <see cref="Text"/>",
/// which also covers insert (Start = End) and delete (empty Text).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EditRequest(
    [property: Id(0)] Caller Author,
    [property: Id(1)] string ClientEditId,
    [property: Id(2)] long BaseRevision,
    [property: Id(3)] EditComponent[]? Components,
    [property: Id(4)] long Start,
    [property: Id(5)] long End,
    [property: Id(6)] string Text,
    [property: Id(7)] string PostedBy = "");

/// <summary>Retain (Length), insert (Text) or delete (Length), as in <c>Realtime.Ot</c>.</summary>
[GenerateSerializer, Immutable]
public sealed record EditComponent([property: Id(0)] EditComponentKind Kind, [property: Id(1)] int Length, [property: Id(2)] string Text);

public enum EditComponentKind
{
    Retain = 0,
    Insert = 1,
    Delete = 2,
}
