using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;

namespace Realtime.Grains.Chat;

/// <summary>A stream's run of sends: numbered one after another, each answered on its own.</summary>
public sealed partial class ChatRoomGrain
{
    /// <summary>
    /// Each draft is numbered before the next is looked at (each store runs to its first await in turn); the roots of
    /// replies are read first, so that no draft waits on the log before it is numbered. A store refused before it is
    /// numbered (a rule of the room, a filter) faults at once, which is how a refusal the client retries is seen in time
    /// to refuse the drafts behind it.
    /// </summary>
    public async Task<ChatSendOutcome[]> SendManyAsync(Caller sender, ChatDraft[] drafts)
    {
        var rootRefusals = drafts.Any(draft => draft.ThreadOffset > 0) ? await CheckThreadRootsAsync(drafts) : NoRefusals;
        var stores = new Task<ChatSendResult>[drafts.Length];
        TopicException? retried = null;
        for (var i = 0; i < drafts.Length; i++)
        {
            stores[i] = retried is null ? StoreAsync(sender, drafts[i], null, rootRefusals) : Task.FromException<ChatSendResult>(retried);
            if (retried is null && stores[i] is { IsFaulted: true, Exception.InnerException: TopicException { Kind: TopicErrorKind.RateLimited } refusal })
            {
                retried = refusal;
            }
        }
        var outcomes = new ChatSendOutcome[drafts.Length];
        for (var i = 0; i < drafts.Length; i++)
        {
            try
            {
                outcomes[i] = new ChatSendOutcome(await stores[i], null);
            }
            catch (TopicException refusal)
            {
                outcomes[i] = new ChatSendOutcome(null, refusal);
            }
        }
        return outcomes;
    }
}
