using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Server.Queries;

/// <summary>The page sizes every listing and history call takes: 0 asks for the default, more than the maximum is refused.</summary>
public static class PageSizes
{
    /// <summary>Rooms, documents, games, messages.</summary>
    public static readonly PageSizeRule Listing = new(Default: 50, Max: 100);

    /// <summary>A room's present users and its read receipts: ids, read in bulk.</summary>
    public static readonly PageSizeRule Members = new(Default: 100, Max: 1000);

    /// <summary>Document history: edits are small and read in bulk.</summary>
    public static readonly PageSizeRule History = new(Default: 100, Max: 500);
}

public sealed record PageSizeRule(int Default, int Max)
{
    public int Of(int requested)
    {
        if (requested < 0 || requested > Max)
        {
            throw CommandException.Invalid([new Violation("page_size", $"must be 0-{Max} (0 means {Default})")]);
        }
        return requested == 0 ? Default : requested;
    }
}
