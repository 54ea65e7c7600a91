using Realtime.Grains.Log;

namespace Realtime.Grains.Commands;

/// <summary>Remembers the offsets of the most recent (author, client command id) pairs, oldest forgotten first.</summary>
public sealed class IdempotencyWindow(int capacity)
{
    private readonly Dictionary<(string Sender, string ClientMessageId), long> _offsets = [];
    private readonly Queue<(string Sender, string ClientMessageId)> _order = new();

    /// <summary>One string for (sender, client id) that splits back unambiguously, whatever either holds.</summary>
    public static string CommandId(string sender, string clientMessageId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{sender.Length}:{sender}{clientMessageId}");

    /// <summary>Remembers a command stored under <see cref="CommandId"/>.</summary>
    public void Remember(StoredCommand command)
    {
        var colon = command.CommandId.IndexOf(':', StringComparison.Ordinal);
        var senderLength = int.Parse(command.CommandId.AsSpan(0, colon), System.Globalization.CultureInfo.InvariantCulture);
        var sender = command.CommandId.Substring(colon + 1, senderLength);
        Remember(sender, command.CommandId[(colon + 1 + senderLength)..], command.Offset);
    }

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
