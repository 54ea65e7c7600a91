namespace Realtime.Grains.Abstractions.Documents;

/// <summary>One stream's caret or selection, in code points, at <see cref="Revision"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record DocumentCursor(
    [property: Id(0)] string ConnectionId,
    [property: Id(1)] string UserId,
    [property: Id(2)] long Revision,
    [property: Id(3)] int Anchor,
    [property: Id(4)] int Head);
