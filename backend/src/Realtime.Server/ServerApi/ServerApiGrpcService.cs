using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Server.V1;
using Realtime.Server.Chat;

namespace Realtime.Server.ServerApi;

/// <summary>
/// The ServerApi edge: API keys only (a user's token is not even looked at), one scope per method. The principal
/// reads with admin rights (every room, whatever its policy) and is named in what it writes.
/// </summary>
[Authorize(AuthenticationSchemes = ApiKeyAuthenticationHandler.SchemeName)]
public sealed class ServerApiGrpcService(
    ServerPublisher publisher, ServerRemovals removals, ServerDocuments documents, ServerGames games, ServerWebhooks webhooks, ServerTopicReads reads, ServerApiValidator validator, ChatQueries queries, IGrainFactory grains)
    : ServerApiService.ServerApiServiceBase
{
    /// <summary>Reads see every room; the empty id is nobody's, so no reaction or read position is taken for the principal's.</summary>
    private static readonly Caller Reader = new("", IsAdmin: true);

    [Authorize(Policy = ServerScopes.Publish)]
    public override async Task<PublishMessageResponse> PublishMessage(PublishMessageRequest request, ServerCallContext context) =>
        new() { Ack = await publisher.PublishAsync(request, context.Principal()) };

    [Authorize(Policy = ServerScopes.Publish)]
    public override Task<PublishMessagesResponse> PublishMessages(PublishMessagesRequest request, ServerCallContext context) =>
        publisher.PublishManyAsync(request, context.Principal());

    [Authorize(Policy = ServerScopes.Moderate)]
    public override Task<RemoveUserResponse> RemoveUser(RemoveUserRequest request, ServerCallContext context) =>
        removals.RemoveAsync(request, context.Principal(), context.CancellationToken);

    [Authorize(Policy = ServerScopes.Documents)]
    public override Task<EditDocumentResponse> EditDocument(EditDocumentRequest request, ServerCallContext context) =>
        documents.EditAsync(request, context.Principal());

    [Authorize(Policy = ServerScopes.Games)]
    public override Task<CreatedGame> CreateGame(Protos.Game.V1.CreateGameRequest request, ServerCallContext context) =>
        games.CreateAsync(request, context.Principal());

    [Authorize(Policy = ServerScopes.Games)]
    public override Task<FinishGameResponse> FinishGame(FinishGameRequest request, ServerCallContext context) =>
        games.FinishAsync(request);

    [Authorize(Policy = ServerScopes.Webhooks)]
    public override Task<PutWebhookEndpointResponse> PutWebhookEndpoint(PutWebhookEndpointRequest request, ServerCallContext context) =>
        webhooks.PutAsync(request, context.Principal());

    [Authorize(Policy = ServerScopes.Webhooks)]
    public override Task<ListWebhookEndpointsResponse> ListWebhookEndpoints(ListWebhookEndpointsRequest request, ServerCallContext context) =>
        webhooks.ListAsync();

    [Authorize(Policy = ServerScopes.Webhooks)]
    public override Task<DeleteWebhookEndpointResponse> DeleteWebhookEndpoint(DeleteWebhookEndpointRequest request, ServerCallContext context) =>
        webhooks.DeleteAsync(request);

    [Authorize(Policy = ServerScopes.Read)]
    public override async Task<GetRoomsResponse> GetRooms(GetRoomsRequest request, ServerCallContext context)
    {
        validator.Rooms(request);
        var rooms = await Task.WhenAll(request.RoomIds.Select(async roomId =>
        {
            var room = grains.GetGrain<IChatRoomGrain>(roomId);
            if (await room.GetAsync() is not { } info)
            {
                return new RoomResult { RoomId = roomId, NotFound = true };
            }
            var present = await room.GetMembersAsync("", 0);
            return new RoomResult { RoomId = roomId, Room = ChatFrames.Room(info, Reader), PresentCount = present.PresentCount };
        }));
        var response = new GetRoomsResponse();
        response.Rooms.AddRange(rooms);
        return response;
    }

    [Authorize(Policy = ServerScopes.Read)]
    public override Task<GetDocumentsResponse> GetDocuments(GetDocumentsRequest request, ServerCallContext context) => reads.DocumentsAsync(request);

    [Authorize(Policy = ServerScopes.Read)]
    public override Task<GetGamesResponse> GetGames(GetGamesRequest request, ServerCallContext context) => reads.GamesAsync(request);

    [Authorize(Policy = ServerScopes.Read)]
    public override Task<ListMembersResponse> ListPresence(ListMembersRequest request, ServerCallContext context) =>
        queries.ListMembersAsync(request, Reader);

    [Authorize(Policy = ServerScopes.Read)]
    public override Task<ListMessagesResponse> ListHistory(ListMessagesRequest request, ServerCallContext context) =>
        queries.ListMessagesAsync(request, Reader, context.CancellationToken);
}
