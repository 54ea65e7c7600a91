using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Documents;
using Realtime.Grains.Abstractions.Games;
using Realtime.Protos.Server.V1;
using Realtime.Server.Documents;
using Realtime.Server.Games;

namespace Realtime.Server.ServerApi;

/// <summary>
/// Batch reads of documents and games for the application's backend: each topic asked by its own grain, all at once,
/// found (as an admin sees it, with how many are present) or marked not_found, in request order.
/// </summary>
public sealed class ServerTopicReads(IGrainFactory grains, ServerApiValidator validator)
{
    /// <summary>How the application reads: every topic, whatever its policy.</summary>
    private static readonly Caller Application = new("", IsAdmin: true);

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
            return new DocumentLookup { DocumentId = documentId, Document = DocumentFrames.Document(info, Application), PresentCount = status.PresentUsers.Length };
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
            return new GameLookup { GameId = gameId, Game = GameFrames.Game(info, Application), PresentCount = status.PresentUsers.Length };
        }));
        var response = new GetGamesResponse();
        response.Games.AddRange(games);
        return response;
    }
}
