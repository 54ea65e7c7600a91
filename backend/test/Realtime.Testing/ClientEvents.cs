using Realtime.Client;
using Realtime.Protos.Chat.V1;

namespace Realtime.Testing;

/// <summary>Reads an SDK client's events in the background (the SDK stops reading its stream when they pile up).</summary>
public static class ClientEvents
{
    /// <summary>Everything the client delivers, in order; lock the list to read it.</summary>
    public static List<ChatServerFrame> Collect(ChatClient client)
    {
        var frames = new List<ChatServerFrame>();
        _ = Task.Run(async () =>
        {
            await foreach (var frame in client.ReadEventsAsync())
            {
                lock (frames)
                {
                    frames.Add(frame);
                }
            }
        });
        return frames;
    }

    public static void Drain(ChatClient client) => _ = Task.Run(async () =>
    {
        await foreach (var _ in client.ReadEventsAsync())
        {
        }
    });

    public static void Drain(DocumentClient client) => _ = Task.Run(async () =>
    {
        await foreach (var _ in client.ReadEventsAsync())
        {
        }
    });

    /// <summary>A copy of what <paramref name="frames"/> holds so far.</summary>
    public static List<ChatServerFrame> Snapshot(List<ChatServerFrame> frames)
    {
        lock (frames)
        {
            return [.. frames];
        }
    }

    /// <summary>The messages among <paramref name="frames"/> so far.</summary>
    public static List<ChatMessage> Messages(List<ChatServerFrame> frames)
    {
        lock (frames)
        {
            return [.. frames.Where(f => f.Message is not null).Select(f => f.Message)];
        }
    }
}
