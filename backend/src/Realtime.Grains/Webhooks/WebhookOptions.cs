using Realtime.Grains.Abstractions;
using System.ComponentModel.DataAnnotations;

namespace Realtime.Grains.Webhooks;

/// <summary>Endpoints that hear every stored event of the rooms they name, bound from the "Webhooks" section.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    public List<WebhookEndpoint> Endpoints { get; set; } = [];

    /// <summary>The most events in one delivery (when an endpoint is behind, default 100).</summary>
    [Range(1, 1000)]
    public int MaxBatch { get; set; } = 100;

    /// <summary>
    /// How long an endpoint that is caught up waits after a room's next event before it sends, so that events close
    /// together go in one delivery (default 100 ms; zero sends each at once, one HTTP request per event).
    /// </summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long one delivery may take before it counts as failed (default 10 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first wait after a failed delivery (default 1 s); each failure doubles it, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between tries (default 5 min).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often each silo reads the endpoints registered through the server API (default 5 s).</summary>
    public TimeSpan RegistryRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After this many failures in a row an endpoint is paused: tried once per <see cref="MaxRetryDelay"/>, with a warning (default 10).</summary>
    [Range(1, 1000)]
    public int PauseAfterFailures { get; set; } = 10;
}

/// <summary>One receiver: where deliveries go, the secrets they are signed with, and which rooms and events it hears.</summary>
public sealed class WebhookEndpoint
{
    /// <summary>Names the endpoint in logs and in each delivery; letters, digits, '-', '_'.</summary>
    public string Name { get; set; } = "";

    public string Url { get; set; } = "";

    /// <summary>Each delivery carries one signature per secret: add the new secret, move receivers to it, then drop the old.</summary>
    public string[] Secrets { get; set; } = [];

    /// <summary>
    /// Room ids it hears: exact ids, or a prefix ending in '*' ("support-*"); empty (the default) is every room.
    /// (Empty, not ["*"]: configuration binding adds a list's entries to its default ones.)
    /// </summary>
    public string[] Rooms { get; set; } = [];

    /// <summary>Document ids it hears, exact or a prefix ending in '*' ("*" for all); empty (the default) is none.</summary>
    public string[] Documents { get; set; } = [];

    /// <summary>
    /// The events it hears, by their name in the stored frame: ChatServerFrame's "message", "changed", "moderated", …;
    /// CollabServerFrame's "edit". Empty is every stored event.
    /// </summary>
    public string[] Events { get; set; } = [];

    /// <summary>What is wrong with the endpoint's name, URL or secrets, by property name; nothing when it is sound.</summary>
    public IEnumerable<(string Property, string Problem)> Problems()
    {
        if (Name.Length is 0 or > 64 || !Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            yield return (nameof(Name), "must be 1-64 letters, digits, '-' or '_'");
        }
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            yield return (nameof(Url), "must be an absolute http or https URL");
        }
        if (Secrets.Length == 0 || Secrets.Any(secret => secret.Length < 16))
        {
            yield return (nameof(Secrets), "must hold at least one secret of 16 characters or more");
        }
    }

    /// <summary>Whether the endpoint hears <paramref name="topic"/> ("chat/ROOM" or "doc/DOCUMENT").</summary>
    public bool Hears(string topic)
    {
        var (kind, id) = Topics.Parse(topic);
        return kind switch
        {
            Topics.ChatKind => Rooms.Length == 0 || Matches(Rooms, id),
            Topics.DocumentKind => Matches(Documents, id),
            _ => false,
        };
    }

    private static bool Matches(string[] patterns, string id) =>
        patterns.Any(pattern => pattern.EndsWith('*') ? id.StartsWith(pattern[..^1], StringComparison.Ordinal) : pattern == id);
}
