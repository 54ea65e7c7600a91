using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
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
    ServerPublisher publisher, ServerRemovals removals, ServerDocuments documents, ServerGames games, ServerWebhooks webhooks, ServerTopicReads reads, ChatQueries queries)
    : ServerApiService.ServerApiServiceBase
{
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
    public override Task<GetRoomsResponse> GetRooms(GetRoomsRequest request, ServerCallContext context) => reads.RoomsAsync(request);

    [Authorize(Policy = ServerScopes.Read)]
    public override Task<GetDocumentsResponse> GetDocuments(GetDocumentsRequest request, ServerCallContext context) => reads.DocumentsAsync(request);

    [Authorize(Policy = ServerScopes.Read)]
    public override Task<GetGamesResponse> GetGames(GetGamesRequest request, ServerCallContext context) => reads.GamesAsync(request);

    [Authorize(Policy = ServerScopes.Read)]
    public override Task<ListMembersResponse> ListPresence(ListMembersRequest request, ServerCallContext context) =>
        queries.ListMembersAsync(request, ServerPrincipal.Application);

    [Authorize(Policy = ServerScopes.Read)]
    public override Task<ListMessagesResponse> ListHistory(ListMessagesRequest request, ServerCallContext context) =>
        queries.ListMessagesAsync(request, ServerPrincipal.Application, context.CancellationToken);
}
