using Realtime.Client;
using Realtime.Protos.Chat.V1;

namespace Realtime.Cli;

/// <summary>A line-based chat: lines typed are sent to the room; everything the room says is printed.</summary>
public static class TerminalChat
{
    public static async Task<int> RunAsync(CliArguments arguments)
    {
        var token = arguments.Token ?? await DevelopmentTokens.FetchAsync(arguments.Web, arguments.User);
        await using var client = await ChatClient.ConnectAsync(new RealtimeClientOptions
        {
            Address = arguments.Server,
            TokenProvider = _ => ValueTask.FromResult(token),
        });
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var printing = PrintAsync(client, stop.Token);
        var joined = await client.JoinAsync(arguments.Room, stop.Token);
        Console.WriteLine($"joined {joined.RoomId} as {arguments.User}; members: {string.Join(", ", joined.Members.Select(m => m.UserId))}. Type and press Enter; /send PATH shares a file, /save ID PATH fetches one; Ctrl+C quits.");
        while (!stop.IsCancellationRequested && await Console.In.ReadLineAsync(stop.Token) is { } line)
        {
            if (line.Length > 0 && !await FileCommands.TryRunAsync(client, arguments.Room, line, stop.Token))
            {
                await client.SendAsync(arguments.Room, line, cancellationToken: stop.Token);
            }
        }
        await stop.CancelAsync();
        await printing;
        return 0;
    }

    private static async Task PrintAsync(ChatClient client, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in client.ReadEventsAsync(cancellationToken))
            {
                if (Describe(frame) is { } text)
                {
                    Console.WriteLine(text);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or end of input.
        }
    }

    private static string? Describe(ChatServerFrame frame) => frame.EventCase switch
    {
        ChatServerFrame.EventOneofCase.Message when frame.Message.Attachment is { } file =>
            $"[{frame.Message.SentAt.ToDateTime():HH:mm:ss}] {frame.Message.SenderId} shared {file.FileName} ({file.Size} bytes, {file.ContentType}) — /save {file.AttachmentId} PATH",
        ChatServerFrame.EventOneofCase.Message => $"[{frame.Message.SentAt.ToDateTime():HH:mm:ss}] {frame.Message.SenderId}: {frame.Message.Content}",
        ChatServerFrame.EventOneofCase.Presence => string.Join(" ",
            frame.Presence.Joined.Select(m => $"+{m.UserId}").Concat(frame.Presence.LeftUserIds.Select(u => $"-{u}"))),
        ChatServerFrame.EventOneofCase.Typing when frame.Typing.Typing => $"{frame.Typing.UserId} is typing…",
        ChatServerFrame.EventOneofCase.ContinuityLost => $"(history since you left was lost; showing the last {frame.ContinuityLost.Snapshot.Count} messages)",
        ChatServerFrame.EventOneofCase.Error => $"error: {frame.Error.Error.Message}",
        ChatServerFrame.EventOneofCase.Left when frame.Left.Reason is { } reason => $"removed from #{frame.Left.RoomId}: {reason.Message}",
        _ => null,
    };
}
