using Grpc.Core;
using Realtime.Client;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Common.V1;

namespace Realtime.Cli;

/// <summary>
/// "/mute USER MINUTES", "/unmute USER", "/ban USER [REASON]", "/unban USER" and "/slow SECONDS" (0: off), for the room's
/// owner and moderators; "/mod USER" and "/unmod USER" (the owner makes or unmakes a moderator); "/receipts on|off" (owner
/// and moderators), and "/receipts" alone lists where members have read up to; "/links any|none|only DOMAIN..." (owner and moderators).
/// </summary>
public static class ModerationCommands
{
    public const string Usage = "/mute USER MINUTES, /unmute USER, /ban USER [REASON], /unban USER, /slow SECONDS, /mod USER, /unmod USER, /receipts [on|off], /links any|none|only DOMAIN...";

    /// <summary>Runs the line if it is a moderation command; false if it is not one.</summary>
    public static async Task<bool> TryRunAsync(ChatClient client, AccessClient access, string room, string line, CancellationToken cancellationToken)
    {
        var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts is not ["/mute" or "/unmute" or "/ban" or "/unban" or "/slow" or "/mod" or "/unmod" or "/receipts" or "/links", ..])
        {
            return false;
        }
        try
        {
            switch (parts)
            {
                case ["/mute", var user, var minutes] when double.TryParse(minutes, out var m) && m >= 0:
                    await client.MuteAsync(room, user, TimeSpan.FromMinutes(m), cancellationToken);
                    return true;
                case ["/unmute", var user]:
                    await client.MuteAsync(room, user, TimeSpan.Zero, cancellationToken);
                    return true;
                case ["/ban", var user, .. var reason]:
                    await client.BanAsync(room, user, reason.FirstOrDefault() ?? "", cancellationToken);
                    return true;
                case ["/unban", var user]:
                    await client.UnbanAsync(room, user, cancellationToken);
                    return true;
                case ["/slow", var seconds] when double.TryParse(seconds, out var s) && s >= 0:
                    await client.SetSlowModeAsync(room, TimeSpan.FromSeconds(s), cancellationToken);
                    return true;
                case ["/mod", var user]:
                    await access.GrantAsync(TopicKind.ChatRoom, room, user, AccessRole.Moderator, cancellationToken);
                    Console.WriteLine($"{user} moderates {room}");
                    return true;
                case ["/unmod", var user]:
                    await access.GrantAsync(TopicKind.ChatRoom, room, user, AccessRole.Unspecified, cancellationToken);
                    Console.WriteLine($"{user} no longer moderates {room}");
                    return true;
                case ["/receipts", "on" or "off"]:
                    await client.SetReadReceiptsAsync(room, parts[1] == "on", cancellationToken);
                    return true;
                case ["/links", "any" or "none"]:
                    await client.SetLinkRulesAsync(room, parts[1] == "any" ? LinkPolicy.Allowed : LinkPolicy.Blocked, cancellationToken: cancellationToken);
                    return true;
                case ["/links", "only", var domains]:
                    await client.SetLinkRulesAsync(room, LinkPolicy.Allowlist, domains.Split(' ', StringSplitOptions.RemoveEmptyEntries), cancellationToken);
                    return true;
                case ["/receipts"]:
                    var receipts = await client.ListReadReceiptsAsync(room, cancellationToken: cancellationToken);
                    Console.WriteLine($"read up to: {string.Join(", ", receipts.Select(receipt => $"{receipt.UserId} #{receipt.Offset}"))}");
                    return true;
                default:
                    Console.WriteLine($"usage: {Usage}");
                    return true;
            }
        }
        catch (RpcException ex)
        {
            Console.WriteLine($"not done ({ex.StatusCode}): {ex.Status.Detail}");
            return true;
        }
    }
}
