using Realtime.Grains.Abstractions.Chat;
using Realtime.Protos.Chat.V1;

namespace Realtime.Grains.Chat;

/// <summary>Present users as the wire shows them: in joins, presence changes and member lists alike.</summary>
public static class PresenceFrames
{
    public static Member Member(PresentMember present) => new()
    {
        UserId = present.UserId,
        DisplayName = present.Profile?.DisplayName ?? "",
        AvatarUrl = present.Profile?.AvatarUrl ?? "",
    };
}
