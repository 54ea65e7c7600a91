namespace Realtime.Grains.Chat;

/// <summary>An inbox's small metadata; the notifications are its log.</summary>
[GenerateSerializer]
public sealed class UserInboxState
{
    /// <summary>Notifications up to here are seen (an offset of the inbox's log).</summary>
    [Id(0)] public long SeenOffset { get; set; }
}
