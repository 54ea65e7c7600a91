using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Realtime.LoadTests.Scenarios;

namespace Realtime.LoadTests.Baselines;

/// <summary>
/// The chat fan-out of <see cref="ChatScenario"/> against the SignalR hub (benchmarks/Realtime.Baselines.SignalR):
/// one WebSocket connection per member, as SignalR clients have (no streams per connection).
/// </summary>
public sealed class SignalRChatScenario(ChatShape shape) : IScenario
{
    private readonly List<(HubConnection Connection, string Room, string Name)> _members = [];

    public string Name => "chat (SignalR)";

    public int Streams => _members.Count;

    public string Describe() => shape.Describe();

    public async Task SetUpAsync(RunContext context, CancellationToken cancellationToken)
    {
        var hub = new Uri(context.Settings.Target(0), "/chat");
        var clock = Stopwatch.StartNew();
        var total = shape.Rooms * shape.Members;
        var joins = new List<Task>();
        for (var i = 0; i < total; i++)
        {
            await context.RampAsync(i, total, clock, cancellationToken);
            var connection = new HubConnectionBuilder().WithUrl(hub).Build();
            var sequences = new SenderSequences(context.Metrics);
            connection.On<string, string, string, long, long>("message", (_, sender, _, sentAt, sequence) => sequences.Received(sender, sequence, sentAt));
            var room = $"room-{i % shape.Rooms}";
            _members.Add((connection, room, $"member-{i}"));
            joins.Add(JoinAsync(connection, room, cancellationToken));
        }
        await Task.WhenAll(joins).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
    }

    public Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var padding = shape.Padding;
        return Task.WhenAll(_members.Where((_, i) => i / shape.Rooms < shape.Senders).Select(member => RunContext.PaceAsync(shape.Rate, async n =>
        {
            context.Metrics.CountSent();
            try
            {
                await member.Connection.SendAsync("Send", member.Room, member.Name, padding, Stopwatch.GetTimestamp(), n, cancellationToken);
            }
            catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException)
            {
                context.Metrics.Error("send");
            }
        }, cancellationToken)));
    }

    public Task<IReadOnlyDictionary<string, string>> FinishAsync(RunContext context, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    public async ValueTask DisposeAsync()
    {
        foreach (var (connection, _, _) in _members)
        {
            await connection.DisposeAsync();
        }
    }

    private static async Task JoinAsync(HubConnection connection, string room, CancellationToken cancellationToken)
    {
        await connection.StartAsync(cancellationToken);
        await connection.InvokeAsync<string>("JoinRoom", room, cancellationToken);
    }
}
