using Grpc.Core;
using Realtime.Client;

namespace Realtime.Cli;

/// <summary>
/// Marks what the terminal has printed as read, at most once a second, so the user's other devices (the
/// browser's unread badges) count it read too. A mark that fails is made again with the next one.
/// </summary>
public sealed class ReadMarks(ChatClient client, string room)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private long _seen;
    private bool _scheduled;

    /// <summary>Notes that the user has seen up to <paramref name="offset"/>; false if that was known already.</summary>
    public bool Seen(long offset)
    {
        lock (_gate)
        {
            if (offset <= _seen)
            {
                return false;
            }
            _seen = offset;
            if (_scheduled)
            {
                return true;
            }
            _scheduled = true;
        }
        _ = MarkAsync();
        return true;
    }

    private async Task MarkAsync()
    {
        while (true)
        {
            await Task.Delay(Interval);
            long target;
            lock (_gate)
            {
                target = _seen;
            }
            try
            {
                await client.MarkReadAsync(room, target);
            }
            catch (RpcException)
            {
                // Unavailable while the server restarts, or a limit: the next mark carries this one.
            }
            lock (_gate)
            {
                if (_seen == target)
                {
                    _scheduled = false;
                    return;
                }
            }
        }
    }
}
