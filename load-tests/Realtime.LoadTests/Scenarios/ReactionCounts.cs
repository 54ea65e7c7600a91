using System.Globalization;
using Realtime.Protos.Chat.V1;

namespace Realtime.LoadTests.Scenarios;

/// <summary>After a run with reactions: each room's 👍 counts in ListMessages against the members whose last reaction asked for one.</summary>
public static class ReactionCounts
{
    private const int MaxPages = 20;

    public static async Task<string> CheckAsync(IReadOnlyList<ChatMember> members, RunContext context, CancellationToken cancellationToken)
    {
        var checkedMessages = 0;
        var wrong = new List<string>();
        foreach (var room in members.GroupBy(m => m.Room))
        {
            var expected = room.SelectMany(m => m.Reactions).GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Count(r => r.Value));
            if (expected.Count == 0)
            {
                continue;
            }
            var api = new ChatService.ChatServiceClient(context.Pool.ForCalls());
            var headers = await context.Tokens.HeadersAsync("reaction-check", cancellationToken);
            var token = "";
            for (var page = 0; page < MaxPages; page++)
            {
                var request = new ListMessagesRequest { RoomId = room.Key, PageSize = 100, PageToken = token };
                var listed = await CheckCalls.RetryAsync(() => api.ListMessagesAsync(request, headers, cancellationToken: cancellationToken).ResponseAsync, cancellationToken);
                foreach (var message in listed.Messages.Where(m => expected.ContainsKey(m.Offset)))
                {
                    checkedMessages++;
                    var count = message.Reactions.FirstOrDefault(r => r.Emoji == "👍")?.Count ?? 0;
                    if (count != expected[message.Offset])
                    {
                        wrong.Add($"{room.Key}#{message.Offset}: {count} listed, {expected[message.Offset]} asked");
                    }
                }
                token = listed.NextPageToken;
                if (token.Length == 0 || listed.Messages.Count == 0 || listed.Messages[^1].Offset <= expected.Keys.Min())
                {
                    break;
                }
            }
        }
        return wrong.Count == 0
            ? $"yes ({checkedMessages.ToString(CultureInfo.InvariantCulture)} reacted messages checked)"
            : $"NO: {string.Join("; ", wrong.Take(5))}";
    }
}
