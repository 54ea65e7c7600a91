using System.Globalization;
using Realtime.Protos.Chat.V1;

namespace Realtime.LoadTests.Scenarios;

/// <summary>
/// After a run with marks and read receipts: each member's listed read position must be at least the last position its marks
/// were answered with, and no further than it asked (a mark whose answer a fault lost may still have moved it).
/// </summary>
public static class ReadPositions
{
    public static async Task<string> CheckAsync(IReadOnlyList<ChatMember> members, RunContext context, CancellationToken cancellationToken)
    {
        var checkedUsers = 0;
        var wrong = new List<string>();
        foreach (var room in members.GroupBy(m => m.Room))
        {
            var expected = room.Where(m => m.MarksAcked > 0).GroupBy(m => m.User).ToDictionary(g => g.Key, g => (Answered: g.Max(m => m.MarkedUpTo), Asked: g.Max(m => m.MarkAttemptedUpTo)));
            var api = new ChatService.ChatServiceClient(context.Pool.ForCalls());
            var headers = await context.Tokens.HeadersAsync("read-check", cancellationToken);
            var request = new ListReadReceiptsRequest { RoomId = room.Key, PageSize = 1000 };
            var listed = (await CheckCalls.RetryAsync(() => api.ListReadReceiptsAsync(request, headers, cancellationToken: cancellationToken).ResponseAsync, cancellationToken))
                .Receipts.ToDictionary(r => r.UserId, r => r.Offset);
            foreach (var (user, (answered, asked)) in expected)
            {
                checkedUsers++;
                var position = listed.GetValueOrDefault(user);
                if (position < answered || position > asked)
                {
                    wrong.Add($"{room.Key}/{user}: listed {position}, answered {answered}, asked up to {asked}");
                }
            }
        }
        return wrong.Count == 0
            ? $"yes ({checkedUsers.ToString(CultureInfo.InvariantCulture)} members checked)"
            : $"NO: {string.Join("; ", wrong.Take(5))}";
    }
}
