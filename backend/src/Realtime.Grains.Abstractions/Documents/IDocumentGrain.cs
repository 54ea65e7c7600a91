using Realtime.Grains.Abstractions.Access;

namespace Realtime.Grains.Abstractions.Documents;

/// <summary>
/// A text document: the single point that orders edits (server-centric OT). An edit made against an
/// older revision is transformed against every edit since, applied, given the next revision, stored
/// in the operation log, acked and broadcast. Cursors are transformed by every edit and relayed,
/// never stored in the log. A document comes into being on its first open (public, owned by that
/// opener) or an explicit create; every open and command is checked against its access policy.
/// </summary>
public interface IDocumentGrain : ITopicGrain, IAccessControlledGrain
{
    /// <summary>Throws <see cref="TopicException"/> (AlreadyExists) if it exists.</summary>
    Task<DocumentInfo> CreateAsync(string title, string createdBy, string initialContent, TopicAccess access);

    /// <summary>The document, or null if it was never used.</summary>
    Task<DocumentInfo?> GetAsync();

    /// <summary>Demands <see cref="AccessRole.Reader"/>.</summary>
    Task<DocumentOpenResult> OpenAsync(Caller caller, PresenceLease lease);

    Task CloseAsync(string connectionId);

    /// <summary>Applies an edit once per (author, client edit id) and returns its revision; demands <see cref="AccessRole.Writer"/>.</summary>
    Task<EditResult> SubmitAsync(EditRequest edit);

    /// <summary>Moves a stream's cursor (given at <paramref name="revision"/>) and relays it to the others; demands <see cref="AccessRole.Reader"/>.</summary>
    Task UpdateCursorAsync(Caller caller, PresenceLease lease, long revision, long anchor, long head);

    /// <summary>The content at a retained revision (0 = the latest). Throws Stale when it is older than the log.</summary>
    Task<DocumentContent> ReadContentAsync(long revision);
}
