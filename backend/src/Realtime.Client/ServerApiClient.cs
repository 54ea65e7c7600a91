using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Collab.V1;
using Realtime.Protos.Server.V1;

namespace Realtime.Client;

/// <summary>
/// The server API (realtime.server.v1.ServerApiService) for an application's .NET backend: publishes into rooms, edits
/// documents, creates and ends games, removes users, reads rooms, presence and history with an API key ("KEY_ID.SECRET") instead of a user's token. Every
/// call is retried when a silo does not answer; the writes are safe to retry because each carries an idempotency key.
/// </summary>
public sealed class ServerApiClient : IDisposable
{
    private readonly TimeSpan _callTimeout;
    private readonly string _authorization;
    private readonly GrpcChannel _channel;
    private readonly ServerApiService.ServerApiServiceClient _api;

    /// <param name="address">A silo's gRPC address.</param>
    /// <param name="apiKey">"KEY_ID.SECRET" as the operator issued it.</param>
    /// <param name="additionalAddresses">Further silos: calls go round-robin, skipping one that is down.</param>
    /// <param name="callTimeout">The deadline of each call, its retries included; 10 s when not given.</param>
    public ServerApiClient(Uri address, string apiKey, IReadOnlyList<Uri>? additionalAddresses = null, TimeSpan? callTimeout = null)
    {
        _callTimeout = callTimeout ?? TimeSpan.FromSeconds(10);
        _authorization = $"ApiKey {apiKey}";
        _channel = RealtimeChannels.Create(address, additionalAddresses ?? [], httpHandler: null);
        _api = new ServerApiService.ServerApiServiceClient(_channel);
    }

    /// <summary>
    /// Stores a message in <paramref name="roomId"/> once per <paramref name="idempotencyKey"/>: as the application's own
    /// (no sender) or, with <paramref name="onBehalfOf"/>, as that user's.
    /// </summary>
    public Task<MessageAck> PublishAsync(string roomId, string idempotencyKey, string content, string onBehalfOf = "", CancellationToken cancellationToken = default) =>
        PublishAsync(new SendMessage { RoomId = roomId, ClientMessageId = idempotencyKey, Content = content }, onBehalfOf, cancellationToken);

    /// <summary>Stores <paramref name="send"/> (a typed message, a reply, mentions), its client message id the idempotency key.</summary>
    public async Task<MessageAck> PublishAsync(SendMessage send, string onBehalfOf = "", CancellationToken cancellationToken = default) =>
        (await _api.PublishMessageAsync(new PublishMessageRequest { Send = send, OnBehalfOf = onBehalfOf }, Call(cancellationToken))).Ack;

    /// <summary>Each message stored or refused on its own; the outcomes in the order of <paramref name="messages"/>.</summary>
    public async Task<IReadOnlyList<PublishOutcome>> PublishManyAsync(IEnumerable<PublishMessageRequest> messages, CancellationToken cancellationToken = default)
    {
        var request = new PublishMessagesRequest();
        request.Messages.AddRange(messages);
        return (await _api.PublishMessagesAsync(request, Call(cancellationToken))).Outcomes;
    }

    /// <summary>Bans <paramref name="userId"/> from <paramref name="roomId"/> for <paramref name="blockFor"/> and ends their streams there.</summary>
    public async Task<RemoveUserResponse> RemoveUserAsync(
        string roomId, string userId, TimeSpan blockFor, string reason, string idempotencyKey, CancellationToken cancellationToken = default) =>
        await _api.RemoveUserAsync(new RemoveUserRequest
        {
            RoomId = roomId,
            UserId = userId,
            BlockFor = Duration.FromTimeSpan(blockFor),
            Reason = reason,
            IdempotencyKey = idempotencyKey,
        }, Call(cancellationToken));

    /// <summary>
    /// Replaces [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="documentId"/> as it was at <paramref name="baseRevision"/>
    /// with <paramref name="text"/>, transformed to where that text is now, once per <paramref name="idempotencyKey"/>: as the application's
    /// own edit or, with <paramref name="onBehalfOf"/>, as that user's.
    /// </summary>
    public async Task<EditAck> EditDocumentAsync(
        string documentId, string idempotencyKey, long baseRevision, long start, long end, string text, string onBehalfOf = "", CancellationToken cancellationToken = default) =>
        (await _api.EditDocumentAsync(new EditDocumentRequest
        {
            Edit = new SubmitEdit
            {
                DocumentId = documentId,
                ClientEditId = idempotencyKey,
                BaseRevision = baseRevision,
                Replace = new ReplaceRange { Start = start, End = end, Text = text },
            },
            OnBehalfOf = onBehalfOf,
        }, Call(cancellationToken))).Ack;

    /// <summary>Creates a game the application owns; its id is the idempotency key (a retry answers with already_existed).</summary>
    public async Task<CreatedGame> CreateGameAsync(Protos.Game.V1.CreateGameRequest game, CancellationToken cancellationToken = default) =>
        await _api.CreateGameAsync(game, Call(cancellationToken));

    /// <summary>Ends the game now with the scores as they stand; a game already over is answered as it ended.</summary>
    public async Task<Protos.Game.V1.Game> FinishGameAsync(string gameId, CancellationToken cancellationToken = default) =>
        (await _api.FinishGameAsync(new FinishGameRequest { GameId = gameId }, Call(cancellationToken))).Game;

    /// <summary>The rooms by id, in the order given; a room that does not exist is there with not_found.</summary>
    public async Task<IReadOnlyList<RoomResult>> GetRoomsAsync(IEnumerable<string> roomIds, CancellationToken cancellationToken = default)
    {
        var request = new GetRoomsRequest();
        request.RoomIds.AddRange(roomIds);
        return (await _api.GetRoomsAsync(request, Call(cancellationToken))).Rooms;
    }

    public async Task<ListMembersResponse> ListPresenceAsync(string roomId, int pageSize = 0, string pageToken = "", CancellationToken cancellationToken = default) =>
        await _api.ListPresenceAsync(new ListMembersRequest { RoomId = roomId, PageSize = pageSize, PageToken = pageToken }, Call(cancellationToken));

    /// <summary>A page of the room's retained messages, newest first.</summary>
    public async Task<ListMessagesResponse> ListHistoryAsync(string roomId, int pageSize = 0, string pageToken = "", CancellationToken cancellationToken = default) =>
        await _api.ListHistoryAsync(new ListMessagesRequest { RoomId = roomId, PageSize = pageSize, PageToken = pageToken }, Call(cancellationToken));

    private CallOptions Call(CancellationToken cancellationToken) => RealtimeChannels.CallOptions(_authorization, _callTimeout, cancellationToken);

    public void Dispose() => _channel.Dispose();
}
