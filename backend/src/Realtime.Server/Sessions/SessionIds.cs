using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Sessions;

/// <summary>
/// Session ids name the silo that holds the session's stream ("RANDOM~SILO"), so a command that
/// reaches another silo behind the balancer knows where to forward it without a lookup.
/// </summary>
public static class SessionIds
{
    private const char Separator = '~';

    public static string New(string silo) => $"{ConnectionIds.New()}{Separator}{silo}";

    /// <summary>The holding silo's address, or null for an id of another shape.</summary>
    public static string? Silo(string sessionId)
    {
        var separator = sessionId.IndexOf(Separator, StringComparison.Ordinal);
        return separator > 0 && separator < sessionId.Length - 1 ? sessionId[(separator + 1)..] : null;
    }
}
