using System.Diagnostics;
using Realtime.LoadTests.Baselines;

namespace Realtime.LoadTests.Scenarios;

/// <summary>
/// Fan-out: R rooms × M member streams; in each room S of the members also send at X messages/s each.
/// A message carries its send timestamp; every member checks its room's offsets for gaps and
/// duplicates. Members ride through faults (<see cref="ChatMember"/>), so a run measures a fault
/// instead of dying of it; at the end every member must have delivered every acked message. With a
/// <see cref="ChangeMix"/>, some ticks are reactions and edits (events on the log like messages), and
/// at the end each room's reaction counts must be what its members asked for.
/// </summary>
public sealed class ChatScenario(ChatShape shape, ChangeMix? mix = null) : IScenario
{
    /// <summary>How long the final check waits for members to deliver every acked message.</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);

    private readonly List<ChatMember> _members = [];

    public string Name => "chat";

    public int Streams => _members.Count;

    public IReadOnlyList<ChatMember> Members => _members;

    private readonly ChangeMix _mix = mix ?? ChangeMix.None;

    public string Describe() => shape.Describe() + _mix.Describe();

    public async Task SetUpAsync(RunContext context, CancellationToken cancellationToken)
    {
        // Each run its own ids: a server that saw an earlier run's ids would ack them as duplicates.
        var run = Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();
        if (_mix.Receipts)
        {
            await ReceiptRooms.CreateAsync(context, Enumerable.Range(0, shape.Rooms).Select(r => $"load-{run}-{r}"), cancellationToken);
        }
        var total = shape.Rooms * shape.Members;
        for (var i = 0; i < total; i++)
        {
            await context.RampAsync(i, total, clock, cancellationToken);
            var member = new ChatMember(run, i, $"load-{run}-{i % shape.Rooms}", $"member-{i % 1000}", i / shape.Rooms < shape.Senders, context.Pool.Next(), context) { ReadRatio = _mix.ReadRatio };
            _members.Add(member);
            member.Start();
        }
        await Task.WhenAll(_members.Select(m => m.Joined.Task)).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
    }

    public Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var padding = shape.Padding;
        return Task.WhenAll(_members.Where(m => m.Sends).Select((sender, i) =>
        {
            var random = new Random(context.Settings.Seed + i);
            return RunContext.PaceAsync(shape.Rate, n => _mix.TickAsync(sender, n, padding, random), cancellationToken);
        }));
    }

    /// <summary>Every acked message reached every member of its room (waits for stragglers to catch up).</summary>
    public async Task<IReadOnlyDictionary<string, string>> FinishAsync(RunContext context, CancellationToken cancellationToken)
    {
        var acked = _members.GroupBy(m => m.Room).ToDictionary(g => g.Key, g => g.Max(m => m.MaxStored));
        var deadline = Stopwatch.StartNew();
        List<ChatMember> behind;
        // Waits for the last commands' acks too: the reaction check needs every change answered.
        while (((behind = [.. _members.Where(m => m.LastOffset < acked[m.Room])]).Count > 0 || _members.Any(m => m.Pending > 0 || m.Marking)) && deadline.Elapsed < SettleTimeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
        var unacked = _members.Sum(m => m.Pending);
        var results = new Dictionary<string, string>
        {
            ["every acked message delivered to every member"] = behind.Count == 0 ? "yes" : $"NO: {behind.Count} members behind",
            ["clients still trying (none gave up)"] = _members.All(m => m.Running) ? "yes" : $"NO: {_members.Count(m => !m.Running)} stopped",
            ["messages and changes never acked (sent in the last moments are fine)"] = unacked.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (_mix.Any)
        {
            results["edits and reactions acked"] = _members.Sum(m => m.ChangesAcked).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
            results["reaction counts in history match what members asked"] = unacked > 0
                ? "not checked: changes still unacked"
                : await ReactionCounts.CheckAsync(_members, context, cancellationToken);
            results["thread reply counts match the replies acked"] = unacked > 0
                ? "not checked: sends still unacked"
                : await ThreadCounts.CheckAsync(_members, context, cancellationToken);
        }
        if (_mix.ReadRatio > 0)
        {
            results["read marks acked; own moves heard live; receipts heard"] = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{_members.Sum(m => m.MarksAcked):N0}; {_members.Sum(m => m.OwnReadEvents):N0}; {_members.Sum(m => m.ReceiptsHeard):N0}");
        }
        if (_mix.ReadRatio > 0 && _mix.Receipts)
        {
            results["read receipts listed match each member's last mark"] = await ReadPositions.CheckAsync(_members, context, cancellationToken);
        }
        return results;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_members.Select(m => m.DisposeAsync().AsTask())).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
