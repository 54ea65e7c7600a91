using System.Threading.RateLimiting;
using Google.Protobuf;
using Grpc.Core;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Streaming.Grpc.Limits;

/// <summary>
/// One stream's command rates: a token bucket per command kind (the frame's oneof case: send, typing,
/// edit, input …). A command over its rate is refused with when to retry; a stream that keeps sending
/// refused commands is flooding and is ended.
/// </summary>
public sealed class CommandLimiter(LimitsOptions limits, TimeProvider time) : IDisposable
{
    private readonly Dictionary<string, TokenBucketRateLimiter> _buckets = new(StringComparer.Ordinal);
    private readonly Queue<long> _refusals = new();

    /// <summary>Takes one permit for the command's kind; throws the refusal (a CommandException, or an RpcException that ends a flooding stream).</summary>
    public void Take(IMessage command)
    {
        var kind = Kind(command);
        if (!_buckets.TryGetValue(kind, out var bucket))
        {
            // Refilled when used, not by a timer: a timer per stream and kind would tick for every idle stream.
            bucket = new TokenBucketRateLimiter(RateLimited.Bucket(limits.CommandsPerSecond, TimeSpan.FromSeconds(1), autoReplenishment: false));
            _buckets[kind] = bucket;
        }
        bucket.TryReplenish();
        using var lease = bucket.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return;
        }
        var now = time.GetTimestamp();
        _refusals.Enqueue(now);
        while (_refusals.Count > 0 && time.GetElapsedTime(_refusals.Peek(), now) > limits.FloodWindow)
        {
            _refusals.Dequeue();
        }
        if (_refusals.Count >= limits.FloodRejections)
        {
            throw RateLimited.Refusal("flooding", $"More than {limits.FloodRejections} refused commands in {limits.FloodWindow.TotalSeconds} s: the stream is closed.", limits.FloodWindow);
        }
        Telemetry.ServerTelemetry.RateLimited("command");
        var retryAfter = RateLimited.RetryAfter(lease, TimeSpan.FromSeconds(1));
        throw new CommandException(StatusCode.ResourceExhausted, $"Too many '{kind}' commands; at most {limits.CommandsPerSecond} a second.") { RetryAfter = retryAfter };
    }

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values)
        {
            bucket.Dispose();
        }
    }

    private static string Kind(IMessage command) =>
        command.Descriptor.Oneofs.Count > 0 && command.Descriptor.Oneofs[0].Accessor.GetCaseFieldDescriptor(command) is { } field ? field.Name : "";
}
