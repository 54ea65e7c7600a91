using Grpc.Core;
using Realtime.Client;
using Realtime.Protos.Chat.V1;

namespace Realtime.Cli;

/// <summary>"/inbox": the user's newest notifications (mentions in any room it may read), which are then seen.</summary>
public static class InboxCommand
{
    public const string Usage = "/inbox";

    private const int Shown = 10;

    /// <summary>Runs the line if it is "/inbox"; false if it is not.</summary>
    public static async Task<bool> TryRunAsync(ChatClient client, string line, CancellationToken cancellationToken)
    {
        if (line != Usage)
        {
            return false;
        }
        try
        {
            var inbox = await client.ListNotificationsAsync(Shown, cancellationToken: cancellationToken);
            if (inbox.Notifications.Count == 0)
            {
                Console.WriteLine("(no notifications)");
                return true;
            }
            foreach (var notification in inbox.Notifications.Reverse())
            {
                var isNew = notification.Offset > inbox.Position.SeenOffset ? "new " : "";
                Console.WriteLine($"{isNew}[{notification.Time.ToDateTimeOffset().ToLocalTime():HH:mm:ss}] {Describe(notification.Mention)}");
            }
            await client.MarkNotificationsSeenAsync(inbox.Notifications[0].Offset, cancellationToken);
        }
        catch (RpcException ex)
        {
            Console.WriteLine($"(notifications unavailable: {ex.Status.Detail})");
        }
        return true;
    }

    /// <summary>What the join says when mentions wait elsewhere; null when none do.</summary>
    public static async Task<string?> WaitingAsync(ChatClient client, CancellationToken cancellationToken)
    {
        try
        {
            var unseen = (await client.ListNotificationsAsync(1, cancellationToken: cancellationToken)).Position.UnseenCount;
            return unseen > 0 ? $"({unseen} new notification{(unseen == 1 ? "" : "s")}: {Usage})" : null;
        }
        catch (RpcException)
        {
            return null;
        }
    }

    private static string Describe(Mention mention) =>
        $"{mention.SenderId} mentioned you in #{mention.RoomId} at #{mention.MessageOffset}{(mention.ThreadOffset > 0 ? $" (thread #{mention.ThreadOffset})" : "")}";
}
