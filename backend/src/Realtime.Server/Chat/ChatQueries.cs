using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Grains.Chat;
using Realtime.Protos.Chat.V1;
using Realtime.Server.Access;
using Realtime.Server.Queries;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Streams;
using Realtime.Streaming.Grpc.Wire;

namespace Realtime.Server.Chat;

/// <summary>The unary room and history calls, each answering only what the caller's role in the room allows.</summary>
/// <remarks>A room's calls are made as the caller its kind's join callout admits (<see cref="IJoinAdmission"/>), like a join.</remarks>
public sealed class ChatQueries(
    IGrainFactory grains, ChatValidator validator, AccessPolicies policies, AccessRevocations revocations, TopicPages pages, IJoinAdmission admission)
{
    public async Task<CreateRoomResponse> CreateAsync(CreateRoomRequest request, Caller caller)
    {
        validator.Create(request);
        var access = policies.ForCreate(request.Access, caller.UserId, "access");
        var displayName = request.DisplayName.Length > 0 ? request.DisplayName : request.RoomId;
        var info = await Room(request.RoomId).CreateAsync(displayName, caller.UserId, access);
        return new CreateRoomResponse { Room = ChatFrames.Room(info, caller) };
    }

    public async Task<GetRoomResponse> GetAsync(GetRoomRequest request, Caller caller)
    {
        validator.Room("room_id", request.RoomId);
        caller = await InRoomAsync(caller, request.RoomId);
        return new GetRoomResponse { Room = ChatFrames.Room(await ReadableAsync(request.RoomId, caller), caller) };
    }

    /// <summary>The rooms the caller may read, in id order; a page may hold fewer than its size when rooms are hidden.</summary>
    public async Task<ListRoomsResponse> ListRoomsAsync(ListRoomsRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var page = await pages.ReadAsync<ChatRoomInfo>(Topics.ChatKind, PageSizes.Listing.Of(request.PageSize), request.PageToken, caller, cancellationToken);
        var response = new ListRoomsResponse { NextPageToken = page.NextPageToken };
        foreach (var (info, lastOffset) in page.Topics)
        {
            var room = ChatFrames.Room(info, caller);
            room.Position.Offset = lastOffset;
            response.Rooms.Add(room);
        }
        return response;
    }

    public async Task<ListMessagesResponse> ListMessagesAsync(ListMessagesRequest request, Caller caller, CancellationToken cancellationToken)
    {
        validator.Room("room_id", request.RoomId);
        var pageSize = PageSizes.Listing.Of(request.PageSize);
        caller = await InRoomAsync(caller, request.RoomId, cancellationToken);
        var info = await ReadableAsync(request.RoomId, caller);
        var before = PageStart(request.PageToken, info, info.LastOffset + 1);
        var page = await Room(request.RoomId).ReadBeforeAsync(before, pageSize, caller.UserId, cancellationToken);
        var response = new ListMessagesResponse
        {
            Position = new Protos.Common.V1.StreamPosition { Epoch = page.Epoch, Offset = page.LastOffset },
        };
        response.Messages.AddRange(page.Events.Select(e => e.DecodedFrame(ChatServerFrame.Parser).Message));
        var oldest = page.Events.Length > 0 ? page.Events[^1].Offset : 0;
        response.NextPageToken = page.Events.Length == pageSize && oldest > page.FirstOffset ? PageTokens.ForPosition(page.Epoch, oldest) : "";
        return response;
    }

    public async Task<ListThreadRepliesResponse> ListThreadRepliesAsync(ListThreadRepliesRequest request, Caller caller, CancellationToken cancellationToken)
    {
        validator.Thread(request);
        caller = await InRoomAsync(caller, request.RoomId, cancellationToken);
        var info = await ReadableAsync(request.RoomId, caller);
        var after = PageStart(request.PageToken, info, 0);
        var page = await Room(request.RoomId).ReadThreadAsync(request.ThreadOffset, after, PageSizes.Listing.Of(request.PageSize), caller.UserId, cancellationToken);
        var response = new ListThreadRepliesResponse { Root = ChatMessage.Parser.ParseFrom(page.Root) };
        response.Replies.AddRange(page.Replies.Select(ChatMessage.Parser.ParseFrom));
        response.NextPageToken = page.More ? PageTokens.ForPosition(page.Epoch, response.Replies[^1].Offset) : "";
        return response;
    }

    public async Task<ListPinnedMessagesResponse> ListPinnedAsync(ListPinnedMessagesRequest request, Caller caller, CancellationToken cancellationToken)
    {
        validator.Room("room_id", request.RoomId);
        caller = await InRoomAsync(caller, request.RoomId, cancellationToken);
        await ReadableAsync(request.RoomId, caller);
        var response = new ListPinnedMessagesResponse();
        response.Pinned.AddRange((await Room(request.RoomId).ReadPinnedAsync(caller.UserId, cancellationToken)).Select(PinnedMessage.Parser.ParseFrom));
        return response;
    }

    public async Task<ListMessageVersionsResponse> ListVersionsAsync(ListMessageVersionsRequest request, Caller caller, CancellationToken cancellationToken)
    {
        validator.Versions(request);
        caller = await InRoomAsync(caller, request.RoomId, cancellationToken);
        await ReadableAsync(request.RoomId, caller);
        var versions = await Room(request.RoomId).ReadVersionsAsync(request.MessageOffset, cancellationToken);
        var response = new ListMessageVersionsResponse();
        response.Versions.AddRange(versions.Select(v => new Protos.Chat.V1.MessageVersion { Content = v.Content, Time = Timestamp.FromDateTimeOffset(v.Time), Offset = v.Offset }));
        return response;
    }

    public async Task<ModerateRoomResponse> ModerateAsync(ModerateRoomRequest request, Caller caller)
    {
        var moderation = validator.Moderate(request);
        caller = await InRoomAsync(caller, request.RoomId);
        var result = await Room(request.RoomId).ModerateAsync(caller, moderation);
        var moderated = new RoomModerated
        {
            RoomId = request.RoomId,
            Epoch = result.Epoch,
            Offset = result.Offset,
            ModeratorId = caller.UserId,
            Time = Timestamp.FromDateTimeOffset(result.SentAt),
        };
        switch (request.ActionCase)
        {
            case ModerateRoomRequest.ActionOneofCase.Mute:
                moderated.Mute = request.Mute;
                break;
            case ModerateRoomRequest.ActionOneofCase.SlowMode:
                moderated.SlowMode = request.SlowMode;
                break;
            case ModerateRoomRequest.ActionOneofCase.ReadReceipts:
                moderated.ReadReceipts = request.ReadReceipts;
                break;
            case ModerateRoomRequest.ActionOneofCase.Links:
                moderated.Links = ModerationFrames.ToWire(moderation.Links!);
                break;
            default:
                moderated.Ban = request.Ban;
                break;
        }
        if (moderation.Kind == RoomModerationKind.Ban)
        {
            await revocations.RevokeEverywhereAsync(Topics.Chat(request.RoomId), [moderation.UserId], CancellationToken.None);
        }
        return new ModerateRoomResponse { Moderated = moderated };
    }

    public async Task<MarkReadResponse> MarkReadAsync(MarkReadRequest request, Caller caller)
    {
        validator.MarkRead(request);
        caller = await InRoomAsync(caller, request.RoomId);
        var count = await Room(request.RoomId).MarkReadAsync(caller, request.Offset);
        return new MarkReadResponse { Room = ReadFrames.Unread(request.RoomId, count) };
    }

    public async Task<ListReadReceiptsResponse> ListReadReceiptsAsync(ListReadReceiptsRequest request, Caller caller)
    {
        validator.Room("room_id", request.RoomId);
        caller = await InRoomAsync(caller, request.RoomId);
        var receipts = await Room(request.RoomId).ListReadReceiptsAsync(caller, PageSizes.Members.Of(request.PageSize));
        var response = new ListReadReceiptsResponse();
        response.Receipts.AddRange(receipts.Select(read => new ReadReceipt { UserId = read.UserId, Offset = read.Offset }));
        return response;
    }

    /// <summary>The caller's own inbox: identity from the token, so nobody reads another's.</summary>
    public async Task<ListNotificationsResponse> ListNotificationsAsync(ListNotificationsRequest request, Caller caller)
    {
        validator.Notifications(request);
        var page = await Inbox(caller).ListAsync(request.BeforeOffset, PageSizes.Listing.Of(request.PageSize));
        var response = new ListNotificationsResponse { Position = ChatFrames.InboxPosition(page) };
        response.Notifications.AddRange(page.Notifications.Select(Notification.Parser.ParseFrom));
        return response;
    }

    public async Task<MarkNotificationsSeenResponse> MarkNotificationsSeenAsync(MarkNotificationsSeenRequest request, Caller caller)
    {
        validator.NotificationsSeen(request);
        return new MarkNotificationsSeenResponse { Position = ChatFrames.InboxPosition(await Inbox(caller).MarkSeenAsync(request.Offset)) };
    }

    private IUserInboxGrain Inbox(Caller caller) => grains.GetGrain<IUserInboxGrain>(caller.UserId);

    /// <summary>Each room counted by its own grain, all at once; a room the caller may not read answers with its refusal.</summary>
    public async Task<GetUnreadCountsResponse> GetUnreadCountsAsync(GetUnreadCountsRequest request, Caller caller)
    {
        validator.UnreadCounts(request);
        var rooms = await Task.WhenAll(request.RoomIds.Select(async roomId =>
        {
            try
            {
                return ReadFrames.Unread(roomId, await Room(roomId).CountUnreadAsync(await InRoomAsync(caller, roomId)));
            }
            catch (TopicException refusal)
            {
                return new RoomUnread { RoomId = roomId, Error = TopicErrors.ToCommandException(refusal).ToErrorDetail() };
            }
            catch (CommandException refusal)
            {
                return new RoomUnread { RoomId = roomId, Error = refusal.ToErrorDetail() };
            }
        }));
        var response = new GetUnreadCountsResponse();
        response.Rooms.AddRange(rooms);
        return response;
    }

    /// <summary>The room's present users in id order, for readers of the room.</summary>
    public async Task<ListMembersResponse> ListMembersAsync(ListMembersRequest request, Caller caller)
    {
        validator.Room("room_id", request.RoomId);
        var pageSize = PageSizes.Members.Of(request.PageSize);
        var after = PageTokens.IdAfter(request.PageToken);
        caller = await InRoomAsync(caller, request.RoomId);
        await ReadableAsync(request.RoomId, caller);
        var page = await Room(request.RoomId).GetMembersAsync(after, pageSize + 1);
        var members = page.Members.Take(pageSize).ToArray();
        var response = new ListMembersResponse
        {
            PresentCount = page.PresentCount,
            NextPageToken = page.Members.Length > pageSize ? PageTokens.ForId(members[^1].UserId) : "",
        };
        response.Members.AddRange(members.Select(PresenceFrames.Member));
        return response;
    }

    /// <summary>Where a page starts: the offset in its token (of the room's current epoch), or <paramref name="first"/> without one.</summary>
    private static long PageStart(string pageToken, ChatRoomInfo room, long first)
    {
        var (epoch, offset) = PageTokens.Position(pageToken) ?? (room.Epoch, first);
        if (!string.Equals(epoch, room.Epoch, StringComparison.Ordinal))
        {
            throw new CommandException(StatusCode.FailedPrecondition, "The room's history was reset since this page token was issued; start again without one.");
        }
        return offset;
    }

    private async Task<Caller> InRoomAsync(Caller caller, string roomId, CancellationToken cancellationToken = default) =>
        (await admission.AdmitAsync(caller, Topics.Chat(roomId), JoinActions.Join, cancellationToken)).Caller;

    private Task<ChatRoomInfo> ReadableAsync(string roomId, Caller caller) => ReadableTopics.DemandAsync(Room(roomId).GetAsync(), caller, "room", roomId);

    private IChatRoomGrain Room(string roomId) => grains.GetGrain<IChatRoomGrain>(roomId);
}
