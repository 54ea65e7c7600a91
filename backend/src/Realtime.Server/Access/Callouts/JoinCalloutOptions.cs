namespace Realtime.Server.Access.Callouts;

/// <summary>
/// The application's join callouts, bound from "JoinCallouts": per topic kind ("chat", "doc", "game"), an HTTP endpoint
/// that decides whether a user may join a topic of that kind and with which role (docs/ARCHITECTURE.md, "Join callouts").
/// A kind without an endpoint is decided by the topics' own access policies alone.
/// </summary>
public sealed class JoinCalloutOptions
{
    public const string SectionName = "JoinCallouts";

    /// <summary>By topic kind. Empty by default: configuration adds to what a default holds.</summary>
    public Dictionary<string, JoinCalloutEndpoint> Endpoints { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Answers kept at once over every kind (default 100,000); past that the least recently used are dropped.</summary>
    public int MaxCachedAnswers { get; set; } = 100_000;

    /// <summary>
    /// Connections a silo opens to one callout host at most (default 64): a crowd joining at once queues for them
    /// (within each join's timeout) instead of opening a socket per join against the application's service.
    /// </summary>
    public int MaxConnectionsPerEndpoint { get; set; } = 64;
}

public sealed class JoinCalloutEndpoint
{
    /// <summary>Where the question is POSTed.</summary>
    public string Url { get; set; } = "";

    /// <summary>The request is signed with each, as webhooks are (Realtime-Webhook-Signature), so the endpoint can tell it comes from here.</summary>
    public string[] Secrets { get; set; } = [];

    /// <summary>How long a join waits for an answer (default 2 s); then <see cref="FailOpen"/> decides.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an answer, allow or deny, is reused for the same user, topic and action (default 30 s; zero: ask every time).</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When the endpoint cannot be asked (timeout, refused connection, an error status, an answer it cannot read):
    /// false (the default) refuses the join with Unavailable; true lets the topic's own policy decide.
    /// </summary>
    public bool FailOpen { get; set; }
}
