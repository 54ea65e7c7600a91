namespace Realtime.Grains.Abstractions;

/// <summary>Builds and parses topic names ("kind/key"); the one place their format is defined.</summary>
public static class Topics
{
    public const string ChatKind = "chat";

    public const string DocumentKind = "doc";

    public const string GameKind = "game";

    /// <summary>A user's notifications: a log of its own, read through queries (no stream subscribes to it).</summary>
    public const string InboxKind = "inbox";

    public static string Name(string kind, string key) => $"{kind}/{key}";

    public static string Chat(string roomId) => Name(ChatKind, roomId);

    public static string Document(string documentId) => Name(DocumentKind, documentId);

    public static string Game(string gameId) => Name(GameKind, gameId);

    public static string Inbox(string userId) => Name(InboxKind, userId);

    public static (string Kind, string Key) Parse(string topic)
    {
        var slash = topic.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? throw new ArgumentException($"Not a topic name: '{topic}'.", nameof(topic)) : (topic[..slash], topic[(slash + 1)..]);
    }
}
