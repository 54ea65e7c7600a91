using Realtime.Protos.Chat.V1;

namespace Realtime.LoadTests.Scenarios;

/// <summary>Rooms created before a run with read receipts on (their owner turns them on; members then join them).</summary>
public static class ReceiptRooms
{
    public static async Task CreateAsync(RunContext context, IEnumerable<string> roomIds, CancellationToken cancellationToken)
    {
        var api = new ChatService.ChatServiceClient(context.Pool.ForCalls());
        var headers = await context.Tokens.HeadersAsync("load-owner", cancellationToken);
        foreach (var roomId in roomIds)
        {
            await CheckCalls.RetryAsync(() => api.CreateRoomAsync(new CreateRoomRequest { RoomId = roomId, DisplayName = roomId }, headers, cancellationToken: cancellationToken).ResponseAsync, cancellationToken);
            var receipts = new ModerateRoomRequest { RoomId = roomId, ReadReceipts = new ReadReceipts { Enabled = true } };
            await CheckCalls.RetryAsync(() => api.ModerateRoomAsync(receipts, headers, cancellationToken: cancellationToken).ResponseAsync, cancellationToken);
        }
    }
}
