using System.Diagnostics.Metrics;
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

    private static readonly Counter<long> FramesWritten = Meter.CreateCounter<long>(
        "realtime.frames.sent", "{frame}", "Frames written to streams (events out).");

    private static readonly Counter<long> Calls = Meter.CreateCounter<long>(
        "realtime.rpc.calls", "{call}", "Finished gRPC calls by method and status; ResourceExhausted counts rate-limit and size rejections.");

    private static readonly Histogram<double> CallDuration = Meter.CreateHistogram<double>(
        "realtime.rpc.duration", "ms", "How long gRPC calls took, by method and status (streams: their whole life).");

    private static readonly Counter<long> CommandsRefused = Meter.CreateCounter<long>(
        "realtime.commands.refused", "{command}", "Commands inside streams answered with an error frame, by method and status (ResourceExhausted: rate limits).");

    private static readonly Counter<long> RateLimitRejections = Meter.CreateCounter<long>(
        "realtime.ratelimit.rejections", "{rejection}", "Refusals by a rate or concurrency limit, by limit (stream opens per user or address, concurrent streams, commands, flooding, unary calls).");

    public static void RateLimited(string limit) => RateLimitRejections.Add(1, new KeyValuePair<string, object?>("limit", limit));

    public static void StreamOpened(string method) => OpenStreams.Add(1, Method(method));

    public static void StreamClosed(string method) => OpenStreams.Add(-1, Method(method));

    public static void CommandReceived(string method) => CommandsReceived.Add(1, Method(method));

    public static void FramesSent(string method, int frames) => FramesWritten.Add(frames, Method(method));

    public static void CommandRefused(string method, StatusCode status) => CommandsRefused.Add(1, Method(method), Status(status));

    public static void CallFinished(string method, StatusCode status, TimeSpan duration)
    {
        Calls.Add(1, Method(method), Status(status));
        CallDuration.Record(duration.TotalMilliseconds, Method(method), Status(status));
    }

    private static KeyValuePair<string, object?> Method(string method) => new("rpc.method", method);

    private static KeyValuePair<string, object?> Status(StatusCode status) => new("rpc.grpc.status_code", status.ToString());
}
