using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Grains.Access;
using Realtime.Grains.Commands;
using Realtime.Grains.Directory;
using Realtime.Grains.Log;
using Realtime.Grains.Presence;
using Realtime.Grains.Webhooks;
using Realtime.Protos.Chat.V1;
using Realtime.Streaming.Bus;

namespace Realtime.Grains.Chat;

/// <summary>
/// The single writer of one room. A send is sequenced (next offset) and appended to the room's log; only
/// then is it published (in offset order) and acked. Sends interleave (<see cref="IChatRoomGrain.SendAsync"/>):
/// those that arrive while an append is in flight are stored together by the next one (<see cref="GroupCommit"/>).
/// Presence and typing are published without being stored.
/// </summary>
public sealed partial class ChatRoomGrain(
    [PersistentState("room", GrainStorage.Name)] IPersistentState<ChatRoomState> state,
    [PersistentState("messages", GrainStorage.Name)] IPersistentState<MessageFoldState> foldState,
    IEventLog log,
    IEventBus bus,
    TopicListings listings,
    JoinCreationGate joinCreation,
    IOptions<ChatOptions> options,
    TimeProvider time,
    TopicWebhooks webhooks,
    IEnumerable<IChatCommandFilter> filters,
    ILogger<ChatRoomGrain> logger) : Grain, IChatRoomGrain
{
    private readonly ChatOptions _options = options.Value;
    private readonly IdempotencyWindow _recentSends = new(options.Value.IdempotencyWindow);
    private readonly Dictionary<(string Sender, string ClientMessageId), Task> _unconfirmedSends = [];
    private LeasedPresence? _presence;
    private AccessKeeper<ChatRoomState>? _keeper;
    private DebouncedWrite? _roomWrite;
    private GroupCommit? _commits;

    private string RoomId => this.GetPrimaryKeyString();

    private string Topic => Topics.Chat(RoomId);

    private TopicAccess Access => Keeper.Current;

    private AccessKeeper<ChatRoomState> Keeper => _keeper ??= new(state, $"room '{RoomId}'", () => Presence.Members);

    private LogRetention Retention => new(_options.HistoryMaxCount, _options.HistoryMaxAge, CommandIds: _options.IdempotencyWindow);

    private long LastOffset => _commits?.LastDurable ?? 0;

    private LeasedPresence Presence => _presence ??= new LeasedPresence(this, _options.PresenceTtl, _options.PresenceBatchInterval, time, PublishPresenceAsync);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (RoomWrite.Due)
        {
            await RoomWrite.WriteAsync(cancellationToken);
        }
        if (state.RecordExists && FoldWriteDue)
        {
            await FoldWrite.WriteAsync(cancellationToken);
        }
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.RecordExists)
        {
            return;
        }
        var bounds = await log.GetBoundsAsync(Topic, cancellationToken);
        _commits = Commits(bounds.LastOffset);
        await CatchUpFoldsAsync(bounds, cancellationToken);
        // The ids alone, not the messages: activation reads a few hundred kilobytes at most.
        var recent = await log.ReadCommandIdsAsync(Topic, _options.IdempotencyWindow, cancellationToken);
        foreach (var command in recent.Reverse())
        {
            _recentSends.Remember(command);
        }
        await LiftExpiredBansAsync();
        webhooks.Resumed(Topic, state.State.Epoch, LastOffset);
        await PutListingAsync();
    }

    public async Task<ChatRoomInfo> CreateAsync(string displayName, string createdBy, TopicAccess access)
    {
        if (state.RecordExists)
        {
            throw new TopicException(TopicErrorKind.AlreadyExists, $"Room '{RoomId}' already exists.");
        }
        await InitializeAsync(displayName, createdBy, access);
        return Info();
    }

    public Task<ChatRoomInfo?> GetAsync() => Task.FromResult(state.RecordExists ? Info() : null);

    public async Task<ChatJoinResult> JoinAsync(Caller caller, PresenceLease lease)
    {
        if (!state.RecordExists)
        {
            joinCreation.Demand(caller, $"room '{RoomId}'");
            await InitializeAsync(RoomId, caller.UserId, TopicAccess.CreatedByJoin(caller));
        }
        Access.Demand(caller, AccessRole.Reader, $"join room '{RoomId}'");
        if (state.State.Members.Add(caller.UserId))
        {
            // A new member has read nothing before joining: what came before is not unread to them.
            state.State.ReadOffsets.TryAdd(caller.UserId, LastOffset);
            ScheduleRoomWrite();
        }
        Presence.Join(lease);
        return new ChatJoinResult
        {
            Room = Info(),
            Members = PresentMembers("", _options.MembersInJoin),
            PresentCount = Presence.Count,
            Role = Access.RoleOf(caller),
        };
    }

    public Task LeaveAsync(string connectionId)
    {
        Presence.Leave(connectionId);
        return Task.CompletedTask;
    }

    public Task RenewPresenceAsync(PresenceLease[] leases)
    {
        if (state.RecordExists)
        {
            Presence.Renew(leases);
        }
        return Task.CompletedTask;
    }

    public Task<TopicStatus> GetStatusAsync() => Task.FromResult(Presence.Status(state.State.Epoch, LastOffset));

    public Task<MemberPage> GetMembersAsync(string afterUserId, int maxCount) =>
        Task.FromResult(new MemberPage(PresentMembers(afterUserId, maxCount), Presence.Count));

    private PresentMember[] PresentMembers(string afterUserId, int maxCount) =>
        [.. Presence.Page(afterUserId, maxCount).Select(user => new PresentMember(user, Presence.ProfileOf(user)))];

    public Task<AccessRole> MemberRoleAsync(Caller caller)
    {
        var role = state.RecordExists ? Access.RoleOf(caller) : AccessRole.None;
        var member = role == AccessRole.Owner || Access.Members.ContainsKey(caller.UserId) || state.State.Members.Contains(caller.UserId);
        return Task.FromResult(member ? role : AccessRole.None);
    }

    public Task<TopicAccess?> GetAccessAsync(Caller caller) => Keeper.GetAsync(caller);

    public async Task<AccessUpdate?> UpdateAccessAsync(Caller caller, TopicAccess next)
    {
        var update = await Keeper.UpdateAsync(caller, next);
        await PutListingAsync();
        return update;
    }

    public Task<ChatSendResult> SendAsync(Caller sender, ChatDraft draft) =>
        draft.ThreadOffset == 0 ? StoreAsync(sender, draft, null, NoRefusals) : ReplyAsync(sender, draft);

    public Task<ChatSendResult> ShareAsync(Caller sender, string clientMessageId, SharedFile file) =>
        StoreAsync(sender, new ChatDraft(clientMessageId, file.FileName), new AttachmentRef
        {
            AttachmentId = file.AttachmentId,
            FileName = file.FileName,
            ContentType = file.ContentType,
            Size = file.Size,
        }, NoRefusals);

    private async Task<ChatSendResult> StoreAsync(Caller sender, ChatDraft draft, AttachmentRef? attachment, IReadOnlyDictionary<long, TopicException> rootRefusals)
    {
        var clientMessageId = draft.ClientMessageId;
        DemandRoom();
        Access.Demand(sender, AccessRole.Writer, $"post in room '{RoomId}'");
        var senderId = sender.UserId;
        if (_unconfirmedSends.TryGetValue((senderId, clientMessageId), out var original))
        {
            // A resend while the original is on its way to the log: answered once the original is stored.
            await original;
        }
        if (_recentSends.TryGet(senderId, clientMessageId, out var storedOffset))
        {
            return await DuplicateResultAsync(storedOffset);
        }
        draft = Filtered(sender, draft);
        var content = draft.Content;
        if (Encoding.UTF8.GetByteCount(content) > _options.MaxContentBytes || content.Length == 0)
        {
            throw new TopicException(TopicErrorKind.Invalid, "Content is empty or too large.");
        }
        if (draft.ThreadOffset > 0)
        {
            DemandThreadOpen(draft.ThreadOffset, rootRefusals);
        }
        var now = time.GetUtcNow();
        DemandMayPost(sender, now, isSend: true, attachment is null ? content : null);
        var message = new ChatMessage
        {
            RoomId = RoomId,
            Epoch = state.State.Epoch,
            Offset = _commits!.NextOffset,
            SenderId = senderId,
            Content = content,
            SentAt = Timestamp.FromDateTimeOffset(now),
            ClientMessageId = clientMessageId,
            Attachment = attachment,
            Kind = draft.Kind,
            PostedBy = draft.PostedBy,
        };
        if (draft.Metadata is { } metadata)
        {
            message.Metadata.Add(metadata);
        }
        message.Mentions.AddRange((draft.Mentions ?? []).Where(user => !string.Equals(user, senderId, StringComparison.Ordinal)));
        var reply = draft.ThreadOffset > 0 ? NumberReply(message, draft.ThreadOffset) : null;
        var frame = new ChatServerFrame { Message = message }.ToByteArray();
        var key = (senderId, clientMessageId);
        var entry = new LogEntry(message.Offset, now, frame, IdempotencyWindow.CommandId(senderId, clientMessageId));
        var durable = _commits.AppendAsync(entry, Retention, () =>
        {
            _recentSends.Remember(senderId, clientMessageId, message.Offset);
            _unconfirmedSends.Remove(key);
            _index?.Append(message.Offset, IndexedMessage.Of(message));
            if (message.Mentions.Count > 0)
            {
                _ = NotifyMentionedAsync(message);
            }
            if (reply is not null)
            {
                ReplyStored(message);
            }
            // Acked once stored. The publish is issued now, in offset order (local subscribers have it at once),
            // but the room takes its next send without waiting for Redis to confirm it: a lost publish is a gap
            // the hubs fill from the log. PublishAsync never throws.
            _ = PublishAsync(message.Offset, frame);
        });
        if (!durable.IsCompleted)
        {
            _unconfirmedSends[key] = durable;
        }
        try
        {
            await durable;
        }
        catch
        {
            _unconfirmedSends.Remove(key);
            _pendingReplies.RemoveAll(pending => pending.Reply == reply);
            throw;
        }
        return new ChatSendResult { Epoch = message.Epoch, Offset = message.Offset, SentAt = now, Duplicate = false };
    }

    public Task SetTypingAsync(Caller caller, bool typing)
    {
        Access.Demand(caller, AccessRole.Writer, $"type in room '{RoomId}'");
        return PublishAsync(0, new ChatServerFrame { Typing = new TypingChanged { RoomId = RoomId, UserId = caller.UserId, Typing = typing } }.ToByteArray());
    }

    public async Task<HistoryPage> ReadAfterAsync(long afterOffset, int maxCount, CancellationToken cancellationToken)
    {
        var entries = await log.ReadAfterAsync(Topic, afterOffset, maxCount, cancellationToken);
        return await PageAsync([.. entries.Select(e => new TopicEvent { Topic = Topic, Epoch = state.State.Epoch, Offset = e.Offset, Payload = e.Data })], cancellationToken);
    }

    /// <summary>The newest messages as they are now: a stream that lost its place starts again from these.</summary>
    public async Task<TopicSnapshot> ReadSnapshotAsync(int maxEvents, CancellationToken cancellationToken)
    {
        var offset = LastOffset;
        var newest = await CurrentMessagesBeforeAsync(offset + 1, maxEvents, null, cancellationToken);
        return new TopicSnapshot { Epoch = state.State.Epoch, Offset = offset, Events = [.. newest.Reverse()] };
    }

    public async Task<HistoryPage> ReadBeforeAsync(long beforeOffset, int maxCount, string viewerId, CancellationToken cancellationToken) =>
        await PageAsync(await CurrentMessagesBeforeAsync(beforeOffset, maxCount, viewerId, cancellationToken), cancellationToken);

    private async Task<HistoryPage> PageAsync(TopicEvent[] events, CancellationToken cancellationToken)
    {
        var bounds = await log.GetBoundsAsync(Topic, cancellationToken);
        return new HistoryPage { Epoch = state.State.Epoch, FirstOffset = bounds.FirstOffset, LastOffset = LastOffset, Events = events };
    }

    private async Task<ChatSendResult> DuplicateResultAsync(long offset)
    {
        var stored = await log.ReadAfterAsync(Topic, offset - 1, 1, CancellationToken.None);
        var sentAt = stored.Length == 1 && stored[0].Offset == offset ? stored[0].StoredAt : time.GetUtcNow();
        return new ChatSendResult { Epoch = state.State.Epoch, Offset = offset, SentAt = sentAt, Duplicate = true };
    }

    /// <summary>The log's bounds are read before the state is set: a send interleaved at that await finds no room yet.</summary>
    private async Task InitializeAsync(string displayName, string createdBy, TopicAccess access)
    {
        var lastOffset = (await log.GetBoundsAsync(Topic, CancellationToken.None)).LastOffset;
        state.State = new ChatRoomState
        {
            DisplayName = displayName,
            CreatedBy = createdBy,
            CreatedAt = time.GetUtcNow(),
            Epoch = Guid.NewGuid().ToString("N"),
            Access = access,
        };
        _commits = Commits(lastOffset);
        await state.WriteStateAsync();
        await PutListingAsync();
    }

    /// <summary>
    /// What lists show of the room, written on creation, on an access change and on every activation (so
    /// a room whose creation was cut off between its state and its listing is listed on its next use).
    /// </summary>
    private async Task PutListingAsync()
    {
        if (state.RecordExists)
        {
            await listings.TryPutAsync(Topics.ChatKind, RoomId, Info());
        }
    }

    private GroupCommit Commits(long lastOffset) => new(log, Topic, lastOffset, _options.MaxCommitBatch);

    private ChatRoomInfo Info() => new()
    {
        RoomId = RoomId,
        DisplayName = state.State.DisplayName,
        CreatedBy = state.State.CreatedBy,
        CreatedAt = state.State.CreatedAt,
        Epoch = state.State.Epoch,
        LastOffset = LastOffset,
        Access = Access,
        ReadReceipts = state.State.ReadReceipts,
    };

    /// <summary>
    /// New members and moved read positions are written together, at most once per second: a crowd joining
    /// (or reading) does not rewrite the room's state once per person. Until then the activation's own state
    /// is what counts; a member lost to a crash in that second is a member again on their next join, a read
    /// position moved in it is moved again by the client's next mark.
    /// </summary>
    private void ScheduleRoomWrite() => RoomWrite.Schedule();

    private DebouncedWrite RoomWrite => _roomWrite ??= new(this, state.WriteStateAsync, TimeSpan.FromSeconds(1));

    private Task PublishPresenceAsync(string[] joined, string[] left)
    {
        var change = new PresenceChanged { RoomId = RoomId, PresentCount = Presence.Count };
        if (Presence.Count > _options.NamedPresenceLimit)
        {
            change.CountsOnly = true;
        }
        else
        {
            change.LeftUserIds.AddRange(left);
            change.Joined.AddRange(joined.Select(user => PresenceFrames.Member(new PresentMember(user, Presence.ProfileOf(user)))));
        }
        return PublishAsync(0, new ChatServerFrame { Presence = change }.ToByteArray());
    }

    /// <summary>Publishes a stored event (<paramref name="offset"/> ≥ 1) or an ephemeral one (0), this one for <paramref name="recipient"/>'s streams only if given.</summary>
    private async Task PublishAsync(long offset, byte[] payload, string? recipient = null)
    {
        if (offset > 0)
        {
            webhooks.Stored(Topic, state.State.Epoch, offset);
        }
        try
        {
            await bus.PublishAsync(new TopicEvent { Topic = Topic, Epoch = state.State.Epoch, Offset = offset, Payload = payload, Recipient = recipient }, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Stored events are not lost: subscribers fill the gap from history on the next event.
            LogPublishFailed(ex, Topic, offset);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Topic} offset {Offset} failed")]
    private partial void LogPublishFailed(Exception exception, string topic, long offset);
}
