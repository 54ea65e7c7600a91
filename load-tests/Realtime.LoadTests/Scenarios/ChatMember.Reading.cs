using Grpc.Core;
using Realtime.Protos.Chat.V1;

namespace Realtime.LoadTests.Scenarios;

/// <summary>
/// A member's reading: after a share of the messages it delivers (<see cref="ReadRatio"/>) it marks the room read up to the
/// newest, one mark at a time, and counts the read positions it hears of: its own (a mark coming back with its counts) and,
/// with read receipts, the others'.
/// </summary>
public sealed partial class ChatMember
{
    private Random? _readRandom;
    private long _toMark;
    private bool _marking;
    private long _markedUpTo;
    private long _markAttemptedUpTo;
    private long _marksAcked;
    private long _ownReadEvents;
    private long _receiptsHeard;

    /// <summary>Share of delivered messages after which the member marks the room read (0: never).</summary>
    public double ReadRatio { get; init; }

    public string User => user;

    /// <summary>The read position the server answered to this member's latest mark.</summary>
    public long MarkedUpTo => Interlocked.Read(ref _markedUpTo);

    /// <summary>The furthest this member asked to mark, answered or not (an unanswered mark may still have moved the position).</summary>
    public long MarkAttemptedUpTo => Interlocked.Read(ref _markAttemptedUpTo);

    public long MarksAcked => Interlocked.Read(ref _marksAcked);

    /// <summary>Its own read position's moves heard live (with counts): its marks coming back.</summary>
    public long OwnReadEvents => Interlocked.Read(ref _ownReadEvents);

    /// <summary>Other members' read positions heard live (read receipts).</summary>
    public long ReceiptsHeard => Interlocked.Read(ref _receiptsHeard);

    /// <summary>A mark is on its way.</summary>
    public bool Marking
    {
        get
        {
            lock (_gate)
            {
                return _marking;
            }
        }
    }

    /// <summary>Under the lock: after a share of deliveries, marks read up to <paramref name="offset"/> (the newest delivered).</summary>
    private void MaybeMarkRead(long offset)
    {
        if (ReadRatio <= 0 || (_readRandom ??= new Random(id)).NextDouble() >= ReadRatio)
        {
            return;
        }
        _toMark = offset;
        if (!_marking)
        {
            _marking = true;
            _ = MarkAsync();
        }
    }

    private async Task MarkAsync()
    {
        var api = new ChatService.ChatServiceClient(context.Pool.ForCalls());
        while (true)
        {
            long target;
            lock (_gate)
            {
                target = _toMark;
            }
            InterlockedMax(ref _markAttemptedUpTo, target);
            try
            {
                var headers = await context.Tokens.HeadersAsync(user, _stop.Token);
                var answer = await api.MarkReadAsync(new MarkReadRequest { RoomId = room, Offset = target }, headers, cancellationToken: _stop.Token);
                InterlockedMax(ref _markedUpTo, answer.Room.ReadPosition.Offset);
                Interlocked.Increment(ref _marksAcked);
            }
            catch (RpcException ex) when (ex.StatusCode != StatusCode.Unavailable && !_stop.IsCancellationRequested)
            {
                context.Metrics.Error($"MarkRead: {ex.StatusCode}");
            }
            catch (Exception ex) when (ex is RpcException or OperationCanceledException)
            {
                // A server away or the run over: the next mark carries this one.
            }
            lock (_gate)
            {
                if (_toMark == target || _stop.IsCancellationRequested)
                {
                    _marking = false;
                    return;
                }
            }
        }
    }

    private void ReadMoved(ReadPositionMoved read)
    {
        if (read.UserId != user)
        {
            Interlocked.Increment(ref _receiptsHeard);
        }
        else if (read.Unread is not null)
        {
            Interlocked.Increment(ref _ownReadEvents);
        }
    }
}
