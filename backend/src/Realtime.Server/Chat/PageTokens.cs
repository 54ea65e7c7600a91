using System.Text;
using Realtime.Server.Errors;

namespace Realtime.Server.Chat;

/// <summary>Opaque page tokens: base64url of the position the next page starts from.</summary>
public static class PageTokens
{
    public static string ForRooms(string lastRoomId) => Encode(lastRoomId);

    public static string RoomsAfter(string token) => token.Length == 0 ? "" : Decode(token);

    public static string ForMessages(string epoch, long beforeOffset) => Encode($"{epoch}:{beforeOffset}");

    public static (string Epoch, long BeforeOffset)? MessagesBefore(string token)
    {
        if (token.Length == 0)
        {
            return null;
        }
        var parts = Decode(token).Split(':');
        return parts.Length == 2 && long.TryParse(parts[1], out var before) && before > 0 ? (parts[0], before) : throw Invalid();
    }

    private static string Encode(string value) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Decode(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
        }
        catch (FormatException)
        {
            throw Invalid();
        }
    }

    private static CommandException Invalid() => CommandException.Invalid([new Violation("page_token", "is not a token this server issued")]);
}
