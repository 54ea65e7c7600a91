using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Grains.Abstractions.Collab;
using Realtime.Grains.Abstractions.Game;
using Realtime.Protos.Admin.V1;
using Realtime.Server.Errors;
using Realtime.Grains.Game;
using Realtime.Server.Validation;

namespace Realtime.Server.Admin;

/// <summary>One chat room, document or game as its grain sees it.</summary>
public sealed class TopicInspector(IGrainFactory grains)
{
    public async Task<InspectTopicResponse> InspectAsync(InspectTopicRequest request)
    {
        Validate(request);
        var (topic, grain, describe) = request.Kind switch
        {
            TopicKind.ChatRoom => (Topics.Chat(request.Id), (ITopicGrain)grains.GetGrain<IChatRoomGrain>(request.Id), DescribeRoomAsync(request.Id)),
            TopicKind.Document => (Topics.Document(request.Id), grains.GetGrain<IDocumentGrain>(request.Id), DescribeDocumentAsync(request.Id)),
            _ => (Topics.Game(request.Id), grains.GetGrain<IGameSessionGrain>(request.Id), DescribeGameAsync(request.Id)),
        };
        var response = await describe ?? throw new CommandException(StatusCode.NotFound, $"There is no {Noun(request.Kind)} '{request.Id}'.");
        var status = await grain.GetStatusAsync();
        response.Topic = topic;
        response.Epoch = status.Epoch;
        response.LastOffset = status.LastOffset;
        response.Silo = status.Silo;
        response.PresentUsers.AddRange(status.PresentUsers);
        response.Connections = status.Connections;
        return response;
    }

    private static void Validate(InspectTopicRequest request)
    {
        var violations = new List<Violation>();
        if (request.Kind is not (TopicKind.ChatRoom or TopicKind.Document or TopicKind.Game))
        {
            violations.Add(new Violation("kind", "must be TOPIC_KIND_CHAT_ROOM, TOPIC_KIND_DOCUMENT or TOPIC_KIND_GAME"));
        }
        if (!Identifiers.IsValid(request.Id))
        {
            violations.Add(new Violation("id", Identifiers.Rule));
        }
        if (violations.Count > 0)
        {
            throw CommandException.Invalid(violations);
        }
    }

    private static string Noun(TopicKind kind) => kind switch
    {
        TopicKind.ChatRoom => "chat room",
        TopicKind.Document => "document",
        _ => "game",
    };

    private async Task<InspectTopicResponse?> DescribeRoomAsync(string id) =>
        await grains.GetGrain<IChatRoomGrain>(id).GetAsync() is { } room
            ? new InspectTopicResponse
            {
                CreatedBy = room.CreatedBy,
                CreatedAt = Timestamp.FromDateTimeOffset(room.CreatedAt),
                ChatRoom = new ChatRoomDetail { DisplayName = room.DisplayName },
            }
            : null;

    private async Task<InspectTopicResponse?> DescribeDocumentAsync(string id) =>
        await grains.GetGrain<IDocumentGrain>(id).GetAsync() is { } document
            ? new InspectTopicResponse
            {
                CreatedBy = document.CreatedBy,
                CreatedAt = Timestamp.FromDateTimeOffset(document.CreatedAt),
                Document = new DocumentDetail { Title = document.Title, Revision = document.Revision, Length = document.Length },
            }
            : null;

    private async Task<InspectTopicResponse?> DescribeGameAsync(string id)
    {
        if (await grains.GetGrain<IGameSessionGrain>(id).GetAsync() is not { } game)
        {
            return null;
        }
        var detail = new GameDetail { Mode = game.Settings.Mode, Status = GameWire.Status(game.Status), Tick = game.Tick };
        detail.PlayerIds.AddRange(game.PlayerIds);
        return new InspectTopicResponse { CreatedBy = game.CreatedBy, CreatedAt = Timestamp.FromDateTimeOffset(game.CreatedAt), Game = detail };
    }
}
