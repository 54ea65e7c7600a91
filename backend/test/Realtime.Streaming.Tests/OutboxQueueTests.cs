using System.Threading.Channels;
using Realtime.Streaming.Outbox;

namespace Realtime.Streaming.Tests;

[Trait("Tier", "unit")]
public sealed class OutboxQueueTests
{
    [Fact]
    public void TryWrite_RefusesBeyondCapacity_AndAcceptsAgainOnceTheReaderTookOne()
    {
        var queue = new OutboxQueue<int>(2);

        Assert.True(queue.TryWrite(1));
        Assert.True(queue.TryWrite(2));
        Assert.False(queue.TryWrite(3));
        Assert.True(queue.TryRead(out var first));
        Assert.Equal(1, first);
        Assert.True(queue.TryWrite(4));

        Assert.Equal([2, 4], Drain(queue));
    }

    [Fact]
    public async Task WriteAsync_WaitsForSpace_ThenQueuesBehindWhatWasThere()
    {
        var queue = new OutboxQueue<int>(1);
        Assert.True(queue.TryWrite(1));

        var waiting = queue.WriteAsync(2, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.True(queue.TryRead(out var first));
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, first);
        Assert.Equal([2], Drain(queue));
    }

    [Fact]
    public async Task Complete_FailsWaitingWriters_LetsTheReaderDrain_AndThenReportsTheEnd()
    {
        var queue = new OutboxQueue<int>(1);
        Assert.True(queue.TryWrite(1));
        var waiting = queue.WriteAsync(2, CancellationToken.None).AsTask();

        queue.Complete();

        await Assert.ThrowsAsync<ChannelClosedException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(queue.TryWrite(3));
        await Assert.ThrowsAsync<ChannelClosedException>(() => queue.WriteAsync(4, CancellationToken.None).AsTask());
        Assert.True(await queue.WaitToReadAsync(CancellationToken.None));
        Assert.Equal([1], Drain(queue));
        Assert.False(await queue.WaitToReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ManyProducersAgainstOneReader_LoseNothing_AndKeepEachProducersOrder()
    {
        const int producers = 4;
        const int perProducer = 20_000;
        var queue = new OutboxQueue<(int Producer, int Sequence)>(16);
        var writers = Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < perProducer; i++)
            {
                await queue.WriteAsync((p, i), CancellationToken.None);
            }
        })).ToArray();
        var reader = Task.Run(async () =>
        {
            var next = new int[producers];
            var read = 0;
            while (read < producers * perProducer && await queue.WaitToReadAsync(CancellationToken.None))
            {
                while (queue.TryRead(out var item))
                {
                    Assert.Equal(next[item.Producer]++, item.Sequence);
                    read++;
                }
            }
            return next;
        });

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(2));
        var counts = await reader.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.All(counts, count => Assert.Equal(perProducer, count));
        Assert.False(queue.TryRead(out _));
    }

    private static List<int> Drain(OutboxQueue<int> queue)
    {
        var items = new List<int>();
        while (queue.TryRead(out var item))
        {
            items.Add(item);
        }
        return items;
    }
}
