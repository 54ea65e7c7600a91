using Grpc.Core;
using Realtime.Client;
using Realtime.Protos.Chat.V1;

namespace Realtime.Cli;

/// <summary>A line-based chat: lines typed are sent to the room; everything the room says is printed.</summary>
public static class TerminalChat
{
    public static async Task<int> RunAsync(CliArguments arguments)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        try
        {
            var options = new RealtimeClientOptions
            {
                Address = arguments.Server,
                // Without --token a fresh development token is fetched for every (re)connection, so an expired one never strands the client.
                TokenProvider = arguments.Token is { } token ? _ => ValueTask.FromResult(token) : async ct => await DevelopmentTokens.FetchAsync(arguments.Web, arguments.User, ct),
            };
            await using var client = await ChatClient.ConnectAsync(options, stop.Token);
            using var access = new AccessClient(options);
            var historyShown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var marks = new ReadMarks(client, arguments.Room);
            var printing = PrintAsync(client, arguments.User, historyShown.Task, marks, new ReadNotices(arguments.User, marks), stop.Token);
            var joined = await client.JoinAsync(arguments.Room, stop.Token);
            var receipts = joined.ReadReceipts ? " Read receipts are on." : "";
            Console.WriteLine($"joined {joined.RoomId} as {arguments.User}; {Present(joined)}.{receipts} Type and press Enter; /help lists commands; Ctrl+C or /quit quits.");
            await ShowHistoryAsync(client, joined, arguments, marks, stop.Token);
            if (await InboxCommand.WaitingAsync(client, stop.Token) is { } waiting)
            {
                Console.WriteLine(waiting);
            }
            historyShown.SetResult();
            while (await ReadLineAsync(stop.Token) is { } line && line != "/quit")
            {
                if (line == "/help")
                {
                    Console.WriteLine(Help);
                }
                else if (line.Length > 0
                    && !await FileCommands.TryRunAsync(client, arguments.Room, line, stop.Token)
                    && !await InboxCommand.TryRunAsync(client, line, stop.Token)
                    && !await MessageCommands.TryRunAsync(client, arguments.Room, arguments.User, line, stop.Token)
                    && !await ModerationCommands.TryRunAsync(client, access, arguments.Room, line, stop.Token))
                {
                    await SendAsync(client, arguments.Room, line, stop.Token);
                }
            }
            await stop.CancelAsync();
            await printing;
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (RpcException ex)
        {
            Console.Error.WriteLine($"refused ({ex.StatusCode}): {ex.Status.Detail}");
            return 1;
        }
    }

    /// <summary>The next line typed, or null at the end of input or on Ctrl+C (what was being typed is not sent).</summary>
    private static async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Console.In reads synchronously even through ReadLineAsync: read on a pool thread so Ctrl+C
            // is not stuck behind the keyboard.
            return await Task.Run(Console.In.ReadLine, CancellationToken.None).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static readonly string Help =
        $"/send PATH shares a file, /save ATTACHMENT-ID PATH fetches one; {MessageCommands.Usage} act on message #N; {InboxCommand.Usage} shows who mentioned you where; the room's owner and moderators have {ModerationCommands.Usage}; /quit (or Ctrl+C) quits; any other line is a message.";

    /// <summary>
    /// Sends and waits for the ack. The SDK rides through reconnects and outages itself, so what
    /// reaches here is a refusal to show (or Ctrl+C), never a reason to exit.
    /// </summary>
    private static async Task SendAsync(ChatClient client, string room, string line, CancellationToken cancellationToken)
    {
        try
        {
            await client.SendAsync(room, line, cancellationToken: cancellationToken);
        }
        catch (RpcException ex)
        {
            Console.WriteLine($"not sent ({ex.StatusCode}): {ex.Status.Detail}");
        }
        catch (InvalidOperationException ex)
        {
            Console.WriteLine($"not sent: {ex.Message}");
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C while waiting for the ack: the message may still be stored, once.
        }
    }

    /// <summary>
    /// The room's last messages up to the join point, with a line where the unread ones begin (they are
    /// read once shown); what follows arrives live.
    /// </summary>
    private static async Task ShowHistoryAsync(ChatClient client, RoomJoined joined, CliArguments arguments, ReadMarks marks, CancellationToken cancellationToken)
    {
        try
        {
            var count = arguments.History;
            var unread = (await client.GetUnreadCountsAsync([joined.RoomId], cancellationToken))[0];
            var mentions = unread.MentionCount > 0 ? $", {unread.MentionCount} mentioning you" : "";
            var page = count == 0 ? new ListMessagesResponse() : await client.ListMessagesAsync(joined.RoomId, count, cancellationToken: cancellationToken);
            var upToJoin = page.Messages
                .Where(m => m.Epoch == joined.Position.Epoch && m.Offset <= joined.Position.Offset)
                .OrderBy(m => m.Offset)
                .ToList();
            var readUpTo = unread.ReadPosition?.Offset ?? joined.Position.Offset;
            var firstUnread = upToJoin.FirstOrDefault(m => m.Offset > readUpTo)?.Offset;
            foreach (var message in upToJoin)
            {
                if (message.Offset == firstUnread)
                {
                    Console.WriteLine($"— {unread.UnreadCount} unread{mentions} —");
                }
                Console.WriteLine(MessageLines.Describe(message, arguments.User));
            }
            if ((unread.UnreadCount > 0 || unread.MentionCount > 0) && firstUnread is null)
            {
                Console.WriteLine($"({unread.UnreadCount} unread{mentions})");
            }
            if (upToJoin.Count > 0)
            {
                Console.WriteLine("— live —");
            }
            marks.Seen(joined.Position.Offset);
        }
        catch (RpcException ex)
        {
            Console.WriteLine($"(recent messages unavailable: {ex.Status.Detail})");
        }
    }

    private static async Task PrintAsync(ChatClient client, string user, Task historyShown, ReadMarks marks, ReadNotices notices, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in client.ReadEventsAsync(cancellationToken))
            {
                // Live frames wait for the history above them, so the terminal reads in order.
                await historyShown.WaitAsync(cancellationToken);
                foreach (var text in new[] { Describe(frame, user), notices.Describe(frame) }.OfType<string>())
                {
                    Console.WriteLine(text);
                }
                if ((frame.Message?.Offset ?? frame.Changed?.Offset ?? frame.Moderated?.Offset) is { } offset)
                {
                    marks.Seen(offset);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or end of input.
        }
    }

    /// <summary>Who is here as the join said: a crowd's join names only its first members.</summary>
    private static string Present(RoomJoined joined)
    {
        var named = string.Join(", ", joined.Members.Select(Shown));
        var more = joined.PresentCount - joined.Members.Count;
        return $"{joined.PresentCount} here: {named}{(more > 0 ? $" and {more} more" : "")}";
    }

    /// <summary>A present user as the application names them, when its join callout did, with their id.</summary>
    private static string Shown(Member member) => member.DisplayName.Length > 0 ? $"{member.DisplayName} ({member.UserId})" : member.UserId;

    private static string? Describe(ChatServerFrame frame, string user) => frame.EventCase switch
    {
        ChatServerFrame.EventOneofCase.Message => MessageLines.Describe(frame.Message, user),
        ChatServerFrame.EventOneofCase.Changed => MessageLines.Describe(frame.Changed),
        ChatServerFrame.EventOneofCase.Moderated => MessageLines.Describe(frame.Moderated),
        ChatServerFrame.EventOneofCase.Presence => frame.Presence.CountsOnly
            ? $"{frame.Presence.PresentCount} here"
            : string.Join(" ", frame.Presence.Joined.Select(m => $"+{Shown(m)}").Concat(frame.Presence.LeftUserIds.Select(u => $"-{u}"))) + $" ({frame.Presence.PresentCount} here)",
        ChatServerFrame.EventOneofCase.Typing when frame.Typing.Typing => $"{frame.Typing.UserId} is typing…",
        ChatServerFrame.EventOneofCase.ContinuityLost => $"(history since you left was lost; showing the last {frame.ContinuityLost.Snapshot.Count} messages)",
        // A refused send or change is told by the command that waited for it.
        ChatServerFrame.EventOneofCase.Error when frame.Error.Command is not (CommandKind.Send or CommandKind.Edit or CommandKind.Delete or CommandKind.React) =>
            $"error: {frame.Error.Error.Message}",
        ChatServerFrame.EventOneofCase.Left when frame.Left.Reason is { } reason => $"removed from #{frame.Left.RoomId}: {reason.Message}",
        _ => null,
    };
}
