using Grpc.Core;
using Realtime.Client;

namespace Realtime.Cli;

/// <summary>
/// "/edit #N TEXT", "/delete #N", "/react #N EMOJI", "/unreact #N EMOJI" and "/versions #N" act on the
/// message printed as #N; what they change reaches every member as a change line.
/// </summary>
public static class MessageCommands
{
    public const string Usage = "/edit #N TEXT, /delete #N, /react #N EMOJI, /unreact #N EMOJI, /versions #N";

    /// <summary>Runs the line if it is a message command; false if it is an ordinary message.</summary>
    public static async Task<bool> TryRunAsync(ChatClient client, string room, string line, CancellationToken cancellationToken)
    {
        var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts is not ["/edit" or "/delete" or "/react" or "/unreact" or "/versions", ..])
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
                default:
                    Console.WriteLine($"usage: {Usage}");
                    return true;
            }
        }
        catch (RpcException ex)
        {
            Console.WriteLine($"not changed ({ex.StatusCode}): {ex.Status.Detail}");
            return true;
        }
    }

    /// <summary>A message number as printed ("#12"), or plain ("12").</summary>
    private static long? Offset(string text) => long.TryParse(text.TrimStart('#'), out var offset) && offset > 0 ? offset : null;
}
