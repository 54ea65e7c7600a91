using Realtime.Grains.Abstractions.Chat;
using Realtime.Grains.Abstractions.Documents;
using Realtime.Grains.Abstractions.Games;
using Realtime.Protos.Server.V1;
using Realtime.Server.Chat;
using Realtime.Server.Documents;
using Realtime.Server.Games;

namespace Realtime.Server.ServerApi;

/// <summary>
/// Batch reads of rooms, documents and games for the application's backend: each topic asked by its own grain, all at once,
/// found (as an admin sees it, with how many are present) or marked not_found, in request order.
/// </summary>
public sealed class ServerTopicReads(IGrainFactory grains, ServerApiValidator validator)
{
    public async Task<GetRoomsResponse> RoomsAsync(GetRoomsRequest request)
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
            return new RoomResult { RoomId = roomId, Room = ChatFrames.Room(info, ServerPrincipal.Application), PresentCount = present.PresentCount };
        }));
        var response = new GetRoomsResponse();
        response.Rooms.AddRange(rooms);
        return response;
    }

    public async Task<GetDocumentsResponse> DocumentsAsync(GetDocumentsRequest request)
    {
        validator.Documents(request);
        var documents = await Task.WhenAll(request.DocumentIds.Select(async documentId =>
        {
            var document = grains.GetGrain<IDocumentGrain>(documentId);
            if (await document.GetAsync() is not { } info)
            {
                return new DocumentLookup { DocumentId = documentId, NotFound = true };
            }
            var status = await document.GetStatusAsync();
            return new DocumentLookup { DocumentId = documentId, Document = DocumentFrames.Document(info, ServerPrincipal.Application), PresentCount = status.PresentUsers.Length };
        }));
        var response = new GetDocumentsResponse();
        response.Documents.AddRange(documents);
        return response;
    }

    public async Task<GetGamesResponse> GamesAsync(GetGamesRequest request)
    {
        validator.Games(request);
        var games = await Task.WhenAll(request.GameIds.Select(async gameId =>
        {
            var game = grains.GetGrain<IGameSessionGrain>(gameId);
            if (await game.GetAsync() is not { } info)
            {
                return new GameLookup { GameId = gameId, NotFound = true };
            }
            var status = await game.GetStatusAsync();
            return new GameLookup { GameId = gameId, Game = GameFrames.Game(info, ServerPrincipal.Application), PresentCount = status.PresentUsers.Length };
        }));
        var response = new GetGamesResponse();
        response.Games.AddRange(games);
        return response;
    }
}
