using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Serialization;
using Realtime.Grains;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Grains.Chat;
using Realtime.Grains.Directory;
using Realtime.Grains.Log;
using Realtime.Processes;
using Realtime.Streaming;
using Realtime.Streaming.Redis;
using StackExchange.Redis;

namespace Realtime.Benchmarks;

/// <summary>
/// The topic directory on an in-process silo, in memory or (given a Redis) in Redis under a fresh key
/// prefix: how fast rooms are created through their grains by concurrent callers, and what a page of
/// ListRooms' work costs (an index page, its listings decoded, each room's last offset read from its
/// log) as the directory grows from 100 to 1,000,000 rooms. Beyond the rooms created through grains,
/// the directory is filled with the listing bytes a grain writes, so a million rooms need no million
/// activations.
/// </summary>
public static class DirectoryBenchmark
{
    private const int Creators = 64;
    private const int CreatedThroughGrains = 20_000;
    private const int PageSize = 50;
    private const int PagesPerSize = 1_000;

    public static async Task<int> RunAsync(string? redisConnection)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        builder.UseOrleans(silo => silo.UseLocalhostClustering(ListeningProcess.FreeLoopbackPort(), 0).AddMemoryGrainStorage(GrainStorage.Name));
        builder.Services.AddStreaming();
        var prefix = $"bench-{Guid.NewGuid():N}";
        if (redisConnection is null)
        {
            builder.Services.AddInMemoryEventLog().AddInMemoryTopicDirectory();
        }
        else
        {
            builder.Services.AddSingleton<IConnectionMultiplexer>(await ConnectionMultiplexer.ConnectAsync(redisConnection));
            builder.Services.AddSingleton(new RedisKeys(prefix));
            builder.Services.AddRedisEventLog().AddRedisTopicDirectory();
        }
        builder.Services.AddChatGrains();
        using var host = builder.Build();
        await host.StartAsync();
        Console.WriteLine($"directory ({(redisConnection is null ? "in memory" : $"Redis {redisConnection}, prefix {prefix}")}):");
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var index = host.Services.GetRequiredService<ITopicIndex>();
        var log = host.Services.GetRequiredService<IEventLog>();
        var listings = host.Services.GetRequiredService<TopicListings>();

        var ids = Enumerable.Range(0, 1_000_000).Select(i => $"room-{(uint)(i * 2654435761u):x8}").ToArray();
        await CreateAsync(grains, ids[..100]);
        await MeasurePagesAsync(listings, log, ids, 100);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        await CreateAsync(grains, ids[100..CreatedThroughGrains]);
        var heapActive = GC.GetTotalMemory(forceFullCollection: true);
        await MeasurePagesAsync(listings, log, ids, CreatedThroughGrains);
        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var heapCollected = GC.GetTotalMemory(forceFullCollection: true);
        var created = CreatedThroughGrains - 100;
        Console.WriteLine($"  heap per idle room: {(heapActive - heapBefore) / 1024.0 / created:F1} KiB while active; {(heapCollected - heapBefore) / 1024.0 / created:F1} KiB once deactivated (its stored state and listing{(redisConnection is null ? ", in this process in embedded mode" : "; the state in this benchmark's memory storage")})");
        var serializer = host.Services.GetRequiredService<Serializer>();
        var template = (await listings.ListAsync<ChatRoomInfo>(Topics.ChatKind, "", 1, default))[0];
        byte[] Listing(string id) => serializer.SerializeToArray(new ChatRoomInfo
        {
            RoomId = id,
            DisplayName = id,
            CreatedBy = template.CreatedBy,
            CreatedAt = template.CreatedAt,
            Epoch = template.Epoch,
            LastOffset = 0,
            Access = template.Access,
        });
        await FillAsync(index, ids, CreatedThroughGrains, 100_000, Listing);
        await MeasurePagesAsync(listings, log, ids, 100_000);
        await FillAsync(index, ids, 100_000, ids.Length, Listing);
        await MeasurePagesAsync(listings, log, ids, ids.Length);
        if (redisConnection is not null)
        {
            var redis = host.Services.GetRequiredService<IConnectionMultiplexer>();
            var keys = new RedisKeys(prefix).Directory(Topics.ChatKind);
            await redis.GetDatabase().KeyDeleteAsync([keys.Ids, keys.Listings]);
        }
        await host.StopAsync();
        return 0;
    }

    private static async Task CreateAsync(IGrainFactory grains, string[] ids)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Creators).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < ids.Length; i = Interlocked.Increment(ref next))
            {
                await grains.GetGrain<IChatRoomGrain>(ids[i]).CreateAsync(ids[i], "bench", TopicAccess.Public("bench"));
            }
        }));
        Console.WriteLine($"  {ids.Length:N0} rooms created through their grains by {Creators} callers: {ids.Length / clock.Elapsed.TotalSeconds:N0} creations/s (activation, state, listing)");
    }

    private static async Task FillAsync(ITopicIndex index, string[] ids, int from, int to, Func<string, byte[]> listing)
    {
        var clock = Stopwatch.StartNew();
        var next = from - 1;
        await Task.WhenAll(Enumerable.Range(0, Creators).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < to; i = Interlocked.Increment(ref next))
            {
                await index.PutAsync(Topics.ChatKind, ids[i], listing(ids[i]), default);
            }
        }));
        Console.WriteLine($"  filled to {to:N0}: {(to - from) / clock.Elapsed.TotalSeconds:N0} listings put/s");
    }

    /// <summary>Full pages starting after random ids: what ListRooms does per call, short of gRPC.</summary>
    private static async Task MeasurePagesAsync(TopicListings listings, IEventLog log, string[] ids, int size)
    {
        var sorted = ids[..size].Order(StringComparer.Ordinal).ToArray();
        var random = new Random(size);
        var times = new double[PagesPerSize];
        for (var i = 0; i < PagesPerSize; i++)
        {
            var after = sorted[random.Next(sorted.Length - PageSize)];
            var clock = Stopwatch.StartNew();
            var page = await listings.ListAsync<ChatRoomInfo>(Topics.ChatKind, after, PageSize, default);
            await Task.WhenAll(page.Select(room => log.GetBoundsAsync(Topics.Chat(room.RoomId), default).AsTask()));
            times[i] = clock.Elapsed.TotalMilliseconds;
            if (page.Length != PageSize || string.CompareOrdinal(page[0].RoomId, after) <= 0)
            {
                throw new InvalidOperationException($"A page after '{after}' held {page.Length} rooms, not {PageSize}.");
            }
        }
        Array.Sort(times);
        Console.WriteLine($"  {size,9:N0} rooms: a page of {PageSize} (listings + last offsets) mean {times.Average():F3} ms, p50 {times[PagesPerSize / 2]:F3} ms, p99 {times[PagesPerSize * 99 / 100]:F3} ms");
    }
}
