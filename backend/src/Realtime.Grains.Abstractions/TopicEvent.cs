namespace Realtime.Grains.Abstractions;

/// <summary>
/// One event of a topic as it travels from the owning grain to every silo: encoded once by the
/// grain (<see cref="Payload"/> is the feature's wire frame), decoded at most once per silo.
/// Retained events have <see cref="Offset"/> ≥ 1; ephemeral ones (presence, typing) have 0 and
/// are never replayed.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class TopicEvent
{
    [Id(0)] public required string Topic { get; init; }
    [Id(1)] public required string Epoch { get; init; }
    [Id(2)] public required long Offset { get; init; }
    [Id(3)] public required byte[] Payload { get; init; }

    /// <summary>For an ephemeral event: the one user whose streams get it (a member's own read position); null for everyone.</summary>
    [Id(4)] public string? Recipient { get; init; }

    [NonSerialized] private object? _decoded;

    /// <summary>When this silo's bus subscription got the event (a Stopwatch timestamp; 0 for events read from history).</summary>
    [NonSerialized] private long _receivedAt;

    public long ReceivedAt => Volatile.Read(ref _receivedAt);

    /// <summary>Stamps the event as it arrives from the bus, once, before it is shared.</summary>
    public void MarkReceived(long timestamp) => Interlocked.CompareExchange(ref _receivedAt, timestamp, 0);

    public bool IsEphemeral => Offset == 0;

    /// <summary>Decodes the payload once; every later caller on this silo shares the result.</summary>
    public T Decoded<T>(Func<byte[], T> decode) where T : class
    {
        if (_decoded is T cached)
        {
            return cached;
        }
        var value = decode(Payload);
        return Interlocked.CompareExchange(ref _decoded, value, null) as T ?? value;
    }
}
