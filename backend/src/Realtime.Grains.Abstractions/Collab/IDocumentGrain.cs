namespace Realtime.Grains.Abstractions.Collab;

/// <summary>
/// A text document: the single point that orders edits (server-centric OT). An edit made against an
/// older revision is transformed against every edit since, applied, given the next revision, stored
/// in the operation log, acked and broadcast. Cursors are transformed by every edit and relayed,
/// never stored in the log. A document comes into being on its first open or an explicit create.
/// </summary>
public interface IDocumentGrain : ITopicGrain
{
    /// <summary>Throws <see cref="DocumentException"/> (AlreadyExists) if it exists.</summary>
    Task<DocumentInfo> CreateAsync(string title, string createdBy, string initialContent);

    /// <summary>The document, or null if it was never used.</summary>
    Task<DocumentInfo?> GetAsync();

    Task<DocumentOpenResult> OpenAsync(PresenceLease lease);

    Task CloseAsync(string connectionId);

    /// <summary>Applies an edit once per (author, client edit id) and returns its revision.</summary>
    Task<EditResult> SubmitAsync(EditRequest edit);

    /// <summary>Moves a stream's cursor (given at <paramref name="revision"/>) and relays it to the others.</summary>
    Task UpdateCursorAsync(PresenceLease lease, long revision, long anchor, long head);

    /// <summary>The content at a retained revision (0 = the latest). Throws Stale when it is older than the log.</summary>
    Task<DocumentContent> ReadContentAsync(long revision);
}
