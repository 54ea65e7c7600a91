using System.Globalization;
using Realtime.Protos.Chat.V1;

namespace Realtime.LoadTests.Scenarios;

/// <summary>After a run with replies: each thread's reply count on the server against the replies its members had acked.</summary>
public static class ThreadCounts
{
    public static async Task<string> CheckAsync(IReadOnlyList<ChatMember> members, RunContext context, CancellationToken cancellationToken)
    {
        var checkedThreads = 0;
        var wrong = new List<string>();
        foreach (var room in members.GroupBy(m => m.Room))
        {
            var expected = room.SelectMany(m => m.AcknowledgedReplies).GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Sum(r => r.Value));
            var api = new ChatService.ChatServiceClient(context.Pool.ForCalls());
            var headers = await context.Tokens.HeadersAsync("thread-check", cancellationToken);
            foreach (var (root, replies) in expected)
            {
                var request = new ListThreadRepliesRequest { RoomId = room.Key, ThreadOffset = root, PageSize = 1 };
                var thread = await CheckCalls.RetryAsync(() => api.ListThreadRepliesAsync(request, headers, cancellationToken: cancellationToken).ResponseAsync, cancellationToken);
                checkedThreads++;
                if (thread.Root.Thread?.ReplyCount != replies)
                {
                    wrong.Add($"{room.Key}#{root}: {thread.Root.Thread?.ReplyCount ?? 0} listed, {replies} acked");
                }
            }
        }
        return wrong.Count == 0
            ? $"yes ({checkedThreads.ToString(CultureInfo.InvariantCulture)} threads checked)"
            : $"NO: {string.Join("; ", wrong.Take(5))}";
    }
}
