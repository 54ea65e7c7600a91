namespace Realtime.Streaming;

/// <summary>Everything of <see cref="Epoch"/> up to and including <see cref="Offset"/>.</summary>
public readonly record struct StreamPosition(string Epoch, long Offset);
