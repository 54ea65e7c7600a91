using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Grains.Abstractions.Documents;
using Realtime.Grains.Abstractions.Games;
using Realtime.Grains.Games;
using Realtime.Protos.Admin.V1;
using Realtime.Protos.Common.V1;
using Realtime.Server.Access;
using Realtime.Server.Validation;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Server.Admin;

/// <summary>One chat room, document or game as its grain sees it.</summary>
public sealed class TopicInspector(IGrainFactory grains)
{
    public async Task<InspectTopicResponse> InspectAsync(InspectTopicRequest request)
    {
        var topic = TopicRefs.Checked(request.Kind, request.Id, "kind", "id");
        var (grain, describe) = request.Kind switch
        {
            TopicKind.ChatRoom => ((ITopicGrain)grains.GetGrain<IChatRoomGrain>(request.Id), DescribeRoomAsync(request.Id)),
            TopicKind.Document => (grains.GetGrain<IDocumentGrain>(request.Id), DescribeDocumentAsync(request.Id)),
            _ => (grains.GetGrain<IGameSessionGrain>(request.Id), DescribeGameAsync(request.Id)),
        };
        var response = await describe ?? throw new CommandException(StatusCode.NotFound, $"There is no {TopicRefs.Noun(request.Kind)} '{request.Id}'.");
        var status = await grain.GetStatusAsync();
        response.Topic = topic;
        response.Epoch = status.Epoch;
        response.LastOffset = status.LastOffset;
        response.Silo = status.Silo;
        response.PresentUsers.AddRange(status.PresentUsers);
        response.Connections = status.Connections;
        return response;
    }

    private async Task<InspectTopicResponse?> DescribeRoomAsync(string id) =>
        await grains.GetGrain<IChatRoomGrain>(id).GetAsync() is { } room
            ? Created(room.CreatedBy, room.CreatedAt, room.Access, r => r.ChatRoom = new ChatRoomDetail { DisplayName = room.DisplayName })
            : null;

    private async Task<InspectTopicResponse?> DescribeDocumentAsync(string id) =>
        await grains.GetGrain<IDocumentGrain>(id).GetAsync() is { } document
            ? Created(document.CreatedBy, document.CreatedAt, document.Access, r => r.Document = new DocumentDetail { Title = document.Title, Revision = document.Revision, Length = document.Length })
            : null;

    private async Task<InspectTopicResponse?> DescribeGameAsync(string id) =>
        await grains.GetGrain<IGameSessionGrain>(id).GetAsync() is { } game
            ? Created(game.CreatedBy, game.CreatedAt, game.Access, r =>
            {
                r.Game = new GameDetail { Mode = game.Settings.Mode, Status = GameWire.Status(game.Status), Tick = game.Tick };
                r.Game.PlayerIds.AddRange(game.PlayerIds);
            })
            : null;

    /// <summary>What every kind of topic says about itself, plus its kind's detail.</summary>
    private static InspectTopicResponse Created(string createdBy, DateTimeOffset createdAt, TopicAccess access, Action<InspectTopicResponse> detail)
    {
        var response = new InspectTopicResponse
        {
            CreatedBy = createdBy,
            CreatedAt = Timestamp.FromDateTimeOffset(createdAt),
            Access = AccessPolicies.ToWire(access),
        };
        detail(response);
        return response;
    }
}
