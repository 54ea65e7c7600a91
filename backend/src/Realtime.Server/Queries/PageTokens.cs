using System.Text;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Server.Queries;

/// <summary>Opaque page tokens: base64url of the position the next page starts from.</summary>
public static class PageTokens
{
    /// <summary>For listings ordered by id: the next page starts after <paramref name="lastId"/>.</summary>
    public static string ForId(string lastId) => Encode(lastId);

    public static string IdAfter(string token) => token.Length == 0 ? "" : Decode(token);

    /// <summary>For history pages: the next page starts at <paramref name="offset"/> of <paramref name="epoch"/>.</summary>
    public static string ForPosition(string epoch, long offset) => Encode($"{epoch}:{offset}");

    public static (string Epoch, long Offset)? Position(string token)
    {
        if (token.Length == 0)
        {
            return null;
        }
        var parts = Decode(token).Split(':');
        return parts.Length == 2 && long.TryParse(parts[1], out var offset) && offset >= 0 ? (parts[0], offset) : throw Invalid();
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
