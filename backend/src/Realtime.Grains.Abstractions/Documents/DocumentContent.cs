namespace Realtime.Grains.Abstractions.Documents;

/// <summary>A document's text at one revision.</summary>
[GenerateSerializer, Immutable]
public sealed record DocumentContent([property: Id(0)] string Epoch, [property: Id(1)] long Revision, [property: Id(2)] string Text);
