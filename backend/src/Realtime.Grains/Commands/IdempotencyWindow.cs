namespace Realtime.Grains.Commands;

/// <summary>Remembers the offsets of the most recent (author, client command id) pairs, oldest forgotten first.</summary>
public sealed class IdempotencyWindow(int capacity)
{
    private readonly Dictionary<(string Sender, string ClientMessageId), long> _offsets = [];
    private readonly Queue<(string Sender, string ClientMessageId)> _order = new();

    public bool TryGet(string sender, string clientMessageId, out long offset) =>
        _offsets.TryGetValue((sender, clientMessageId), out offset);

    public void Remember(string sender, string clientMessageId, long offset)
    {
        if (!_offsets.TryAdd((sender, clientMessageId), offset))
        {
            return;
        }
        _order.Enqueue((sender, clientMessageId));
        while (_order.Count > capacity)
        {
            _offsets.Remove(_order.Dequeue());
        }
    }
}
