using Realtime.Grains.Abstractions.Admin;
using Realtime.Server.Health;
using Realtime.Streaming.Fanout;
using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Admin;

/// <summary>This silo's side of the operator levers: reports its load, drains, resumes and sheds its streams, and removes streams from topics whose access was lowered.</summary>
public sealed partial class SiloAgent(
    StreamRegistry streams,
    FanoutHub hub,
    ConnectionDirectory connections,
    HealthNow health,
    IHostApplicationLifetime lifetime,
    ILogger<SiloAgent> logger) : ISiloControl
{
    public Task<SiloLoad> GetLoadAsync() => Task.FromResult(new SiloLoad
    {
        Draining = streams.Draining,
        StreamsByMethod = streams.CountByMethod(),
        TopicsByKind = hub.TopicCountByKind(),
    });

    public async Task<int> DrainAsync()
    {
        var drained = streams.DrainAll();
        await health.PublishAsync(CancellationToken.None);
        LogDrained(logger, drained);
        return drained;
    }

    public async Task<bool> ResumeAsync()
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return false;
        }
        streams.Resume();
        await health.PublishAsync(CancellationToken.None);
        LogResumed(logger);
        return true;
    }

    public Task<ShedResult> ShedAsync(double fraction)
    {
        var shed = streams.Shed(fraction);
        var remaining = streams.CountByMethod().Values.Sum();
        LogShed(logger, shed, remaining);
        return Task.FromResult(new ShedResult(shed, remaining));
    }

    public async Task<int> RevokeAsync(string topic, string[] userIds)
    {
        var revoked = await connections.RevokeAsync(topic, userIds);
        if (revoked > 0)
        {
            LogRevoked(logger, revoked, topic);
        }
        return revoked;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Access lowered: {Count} streams removed from {Topic}")]
    private static partial void LogRevoked(ILogger logger, int count, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drained by an operator: {Count} streams told to reconnect elsewhere; new streams are turned away")]
    private static partial void LogDrained(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed by an operator: taking streams again")]
    private static partial void LogResumed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shed by an operator: {Shed} streams told to reconnect, {Remaining} remain")]
    private static partial void LogShed(ILogger logger, int shed, int remaining);
}
