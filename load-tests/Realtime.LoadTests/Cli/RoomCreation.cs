using Grpc.Core;
using Realtime.Client;

namespace Realtime.LoadTests.Cli;

public static class RoomCreation
{
    /// <summary>Rooms one creator makes; creators work side by side.</summary>
    private const int RoomsPerCreator = 100;

    /// <summary>
    /// Creates the rooms explicitly, a hundred per creator (joining would create them too, but the server
    /// limits how many rooms one user creates by joining); a creator over the unary rate limit waits.
    /// </summary>
    public static async Task CreateAsync(Uri address, Uri web, string run, string[] roomIds, CancellationToken cancellationToken) =>
        await Task.WhenAll(roomIds.Chunk(RoomsPerCreator).Select(async (chunk, k) =>
        {
            var token = await DevelopmentTokens.FetchAsync(web, $"creator-{run}-{k}", cancellationToken);
            await using var client = await ChatClient.ConnectAsync(new RealtimeClientOptions { Address = address, TokenProvider = _ => ValueTask.FromResult(token) }, cancellationToken);
            foreach (var room in chunk)
            {
                while (true)
                {
                    try
                    {
                        await client.CreateRoomAsync(room, room, cancellationToken: cancellationToken);
                        break;
                    }
                    catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
                    }
                }
            }
        }));
}
