using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Grpc.Core;

namespace Realtime.Streaming.Grpc.Telemetry;

/// <summary>What the gRPC edge reports: open streams, commands in and frames out, and every call's outcome, by method.</summary>
public static class ServerTelemetry
{
    public const string Name = "Realtime.Server";

    private static readonly Meter Meter = new(Name);

    private static readonly UpDownCounter<long> OpenStreams = Meter.CreateUpDownCounter<long>(
        "realtime.streams.open", "{stream}", "Streams open on this silo.");

    private static readonly Counter<long> CommandsReceived = Meter.CreateCounter<long>(
        "realtime.commands.received", "{command}", "Commands read from bidirectional streams (events in).");

    /// <summary>
    /// Frames written, by method: a plain sum per method that the meter reads when collected, because
    /// this is counted once per delivery and a counter update per delivery costs more than the write's bookkeeping should.
    /// </summary>
    private static readonly ConcurrentDictionary<string, StrongBox<long>> FramesByMethod = new(StringComparer.Ordinal);


    private static readonly Counter<long> Calls = Meter.CreateCounter<long>(
        "realtime.rpc.calls", "{call}", "Finished gRPC calls by method and status; ResourceExhausted counts rate-limit and size rejections.");

    private static readonly Histogram<double> CallDuration = Meter.CreateHistogram<double>(
        "realtime.rpc.duration", "ms", "How long gRPC calls took, by method and status (streams: their whole life).");

    private static readonly Counter<long> CommandsRefused = Meter.CreateCounter<long>(
        "realtime.commands.refused", "{command}", "Commands inside streams answered with an error frame, by method and status (ResourceExhausted: rate limits).");

    private static readonly Counter<long> RateLimitRejections = Meter.CreateCounter<long>(
        "realtime.ratelimit.rejections", "{rejection}", "Refusals by a rate or concurrency limit, by limit (stream opens per user or address, concurrent streams, commands, flooding, unary calls).");

    static ServerTelemetry() =>
        Meter.CreateObservableCounter(
            "realtime.frames.sent",
            () => FramesByMethod.Select(method => new Measurement<long>(Volatile.Read(ref method.Value.Value), Method(method.Key))),
            "{frame}",
            "Frames written to streams (events out).");

    public static void RateLimited(string limit) => RateLimitRejections.Add(1, new KeyValuePair<string, object?>("limit", limit));

    public static void StreamOpened(string method) => OpenStreams.Add(1, Method(method));

    public static void StreamClosed(string method) => OpenStreams.Add(-1, Method(method));

    public static void CommandReceived(string method) => CommandsReceived.Add(1, Method(method));

    /// <summary>The count of frames written on <paramref name="method"/>'s streams; add to it with <see cref="Interlocked"/>.</summary>
    public static StrongBox<long> FramesSent(string method) => FramesByMethod.GetOrAdd(method, _ => new StrongBox<long>());

    public static void CommandRefused(string method, StatusCode status) => CommandsRefused.Add(1, Method(method), Status(status));

    public static void CallFinished(string method, StatusCode status, TimeSpan duration)
    {
        Calls.Add(1, Method(method), Status(status));
        CallDuration.Record(duration.TotalMilliseconds, Method(method), Status(status));
    }

    private static KeyValuePair<string, object?> Method(string method) => new("rpc.method", method);

    private static KeyValuePair<string, object?> Status(StatusCode status) => new("rpc.grpc.status_code", status.ToString());
}
