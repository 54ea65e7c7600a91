using Realtime.Grains.Abstractions;

namespace Realtime.Streaming.Tests;

/// <summary>An in-memory topic history standing in for a grain, for unit tests of the streaming core.</summary>
internal sealed class FakeTopicGrain(string topic) : ITopicGrain
{
    private readonly List<TopicEvent> _events = [];

    public string Epoch { get; set; } = "e1";

    public int Reads { get; private set; }

    public TopicEvent Append()
    {
        lock (_events)
        {
            var offset = _events.Count == 0 ? 1 : _events[^1].Offset + 1;
            var topicEvent = new TopicEvent { Topic = topic, Epoch = Epoch, Offset = offset, Payload = [] };
            _events.Add(topicEvent);
            return topicEvent;
        }
    }

    /// <summary>Forgets everything before <paramref name="offset"/>, as retention would.</summary>
    public void TrimBefore(long offset)
    {
        lock (_events)
        {
            _events.RemoveAll(e => e.Offset < offset);
        }
    }

    public Task<HistoryPage> ReadAfterAsync(long afterOffset, int maxCount, CancellationToken cancellationToken)
    {
        lock (_events)
        {
            Reads++;
            var last = _events.Count == 0 ? 0 : _events[^1].Offset;
            return Task.FromResult(new HistoryPage
            {
                Epoch = Epoch,
                FirstOffset = _events.Count == 0 ? last + 1 : _events[0].Offset,
                LastOffset = last,
                Events = [.. _events.Where(e => e.Offset > afterOffset).Take(maxCount)],
            });
        }
    }

    public Task<TopicSnapshot> ReadSnapshotAsync(int maxEvents, CancellationToken cancellationToken)
    {
        lock (_events)
        {
            return Task.FromResult(new TopicSnapshot
            {
                Epoch = Epoch,
                Offset = _events.Count == 0 ? 0 : _events[^1].Offset,
                Events = [.. _events.TakeLast(maxEvents)],
            });
        }
    }

    public Task RenewPresenceAsync(PresenceLease[] leases) => Task.CompletedTask;

    public Task<TopicStatus> GetStatusAsync()
    {
        lock (_events)
        {
            return Task.FromResult(new TopicStatus
            {
                Epoch = Epoch,
                LastOffset = _events.Count == 0 ? 0 : _events[^1].Offset,
                PresentUsers = [],
                Connections = 0,
                Silo = "",
            });
        }
    }
}
