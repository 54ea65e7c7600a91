using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;

namespace Realtime.Grains.Chat;

/// <summary>The deployment's <see cref="IChatCommandFilter"/>s, each in turn, on a send's draft or an edit's content.</summary>
public sealed partial class ChatRoomGrain
{
    private ChatDraft Filtered(Caller caller, ChatDraft draft)
    {
        var context = new ChatCommandContext(RoomId, caller);
        return filters.Aggregate(draft, (current, filter) => filter.OnSend(context, current));
    }

    private ChatChange Filtered(Caller caller, ChatChange change)
    {
        if (change.Kind != ChatChangeKind.Edit)
        {
            return change;
        }
        var context = new ChatCommandContext(RoomId, caller);
        return change with { Value = filters.Aggregate(change.Value, (current, filter) => filter.OnEdit(context, change.MessageOffset, current)) };
    }
}
