using Grpc.Core;
using Realtime.Client;

namespace Realtime.Cli;

/// <summary>
/// "/edit #N TEXT", "/delete #N", "/react #N EMOJI", "/unreact #N EMOJI", "/versions #N", "/reply #N TEXT",
/// "/thread #N", "/pin #N" and "/unpin #N" act on the message printed as #N ("/pins" lists the pinned ones);
/// what they change reaches every member as a line.
/// </summary>
public static class MessageCommands
{
    public const string Usage = "/reply #N TEXT, /thread #N, /edit #N TEXT, /delete #N, /react #N EMOJI, /unreact #N EMOJI, /versions #N, /pin #N, /unpin #N, /pins";

    /// <summary>Replies a thread prints at most.</summary>
    private const int ThreadShown = 100;

    /// <summary>Runs the line if it is a message command; false if it is an ordinary message.</summary>
    public static async Task<bool> TryRunAsync(ChatClient client, string room, string user, string line, CancellationToken cancellationToken)
    {
        var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts is not ["/edit" or "/delete" or "/react" or "/unreact" or "/versions" or "/reply" or "/thread" or "/pin" or "/unpin" or "/pins", ..])
        {
            return false;
        }
        try
        {
            switch (parts)
            {
                case ["/edit", var at, var text] when Offset(at) is { } offset:
                    await client.EditAsync(room, offset, text, cancellationToken: cancellationToken);
                    return true;
                case ["/delete", var at] when Offset(at) is { } offset:
                    await client.DeleteAsync(room, offset, cancellationToken: cancellationToken);
                    return true;
                case ["/react" or "/unreact", var at, var emoji] when Offset(at) is { } offset:
                    await client.ReactAsync(room, offset, emoji.Trim(), remove: parts[0] == "/unreact", cancellationToken: cancellationToken);
                    return true;
                case ["/versions", var at] when Offset(at) is { } offset:
                    var versions = await client.ListMessageVersionsAsync(room, offset, cancellationToken);
                    Console.WriteLine(versions.Versions.Count == 0 ? $"#{offset} was deleted" : string.Join(Environment.NewLine,
                        versions.Versions.Select((v, i) => $"#{offset} v{i + 1} [{v.Time.ToDateTime():HH:mm:ss}]: {v.Content}")));
                    return true;
                case ["/pin" or "/unpin", var at] when Offset(at) is { } offset:
                    await client.PinAsync(room, offset, unpin: parts[0] == "/unpin", cancellationToken: cancellationToken);
                    return true;
                case ["/pins"]:
                    var pins = await client.ListPinnedMessagesAsync(room, cancellationToken);
                    Console.WriteLine(pins.Count == 0 ? "nothing pinned" : string.Join(Environment.NewLine, pins.Select(p => $"{MessageLines.Describe(p.Message, user)} — pinned by {p.PinnedBy}")));
                    return true;
                case ["/reply", var at, var text] when Offset(at) is { } offset:
                    await client.ReplyAsync(room, offset, text, cancellationToken: cancellationToken);
                    return true;
                case ["/thread", var at] when Offset(at) is { } offset:
                    var thread = await client.ListThreadRepliesAsync(room, offset, ThreadShown, cancellationToken: cancellationToken);
                    Console.WriteLine(string.Join(Environment.NewLine, thread.Replies.Prepend(thread.Root).Select(m => MessageLines.Describe(m, user))));
                    if (thread.NextPageToken.Length > 0)
                    {
                        Console.WriteLine($"(the first {ThreadShown} replies of {thread.Root.Thread.ReplyCount})");
                    }
                    return true;
                default:
                    Console.WriteLine($"usage: {Usage}");
                    return true;
            }
        }
        catch (RpcException ex)
        {
            Console.WriteLine($"refused ({ex.StatusCode}): {ex.Status.Detail}");
            return true;
        }
    }

    /// <summary>A message number as printed ("#12"), or plain ("12").</summary>
    private static long? Offset(string text) => long.TryParse(text.TrimStart('#'), out var offset) && offset > 0 ? offset : null;
}
