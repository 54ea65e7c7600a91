using System.Diagnostics;
using Grpc.Core;
using Realtime.Baselines.V1;
using Realtime.LoadTests.Scenarios;

namespace Realtime.LoadTests.Baselines;

/// <summary>The chat fan-out of <see cref="ChatScenario"/> against the bare grpc-dotnet broadcast server (benchmarks/Realtime.Baselines.BareGrpc).</summary>
public sealed class BareGrpcChatScenario(ChatShape shape) : IScenario
{
    private readonly List<Member> _members = [];

    public string Name => "chat (bare gRPC)";

    public int Streams => _members.Count;

    public string Describe() => shape.Describe();

    public async Task SetUpAsync(RunContext context, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var total = shape.Rooms * shape.Members;
        for (var i = 0; i < total; i++)
        {
            await context.RampAsync(i, total, clock, cancellationToken);
            var member = new Member($"room-{i % shape.Rooms}", $"member-{i}", new Broadcast.BroadcastClient(context.Pool.Next()).Chat(cancellationToken: cancellationToken), context);
            _members.Add(member);
        }
        await Task.WhenAll(_members.Select(m => m.Joined.Task)).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
    }

    public Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var padding = shape.Padding;
        return Task.WhenAll(_members.Where((_, i) => i / shape.Rooms < shape.Senders)
            .Select(sender => RunContext.PaceAsync(shape.Rate, n => sender.SendAsync(n, padding), cancellationToken)));
    }

    public Task<IReadOnlyDictionary<string, string>> FinishAsync(RunContext context, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members)
        {
            await member.DisposeAsync();
        }
    }

    private sealed class Member : IAsyncDisposable
    {
        private readonly AsyncDuplexStreamingCall<ClientFrame, ServerFrame> _call;
        private readonly string _room;
        private readonly string _name;
        private readonly RunContext _context;
        private readonly SemaphoreSlim _write = new(1, 1);
        private readonly Task _reading;
        private bool _disposing;

        public Member(string room, string name, AsyncDuplexStreamingCall<ClientFrame, ServerFrame> call, RunContext context)
        {
            (_room, _name, _call, _context) = (room, name, call, context);
            var sequences = new SenderSequences(context.Metrics);
            _reading = ReadAsync(sequences);
            _ = WriteAsync(new ClientFrame { JoinRoom = room });
        }

        public TaskCompletionSource Joined { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task SendAsync(long n, string padding)
        {
            _context.Metrics.CountSent();
            await WriteAsync(new ClientFrame { Send = new Send { Room = _room, Sender = _name, Content = padding, SentAt = Stopwatch.GetTimestamp(), Sequence = n } });
        }

        public async ValueTask DisposeAsync()
        {
            // Marked first: whatever then ends the read loop (Cancelled, a reset) is this, not a failure.
            Volatile.Write(ref _disposing, true);
            _call.Dispose();
            await _reading;
            _write.Dispose();
        }

        private async Task WriteAsync(ClientFrame frame)
        {
            await _write.WaitAsync();
            try
            {
                await _call.RequestStream.WriteAsync(frame);
            }
            catch (Exception ex) when (ex is RpcException or InvalidOperationException or ObjectDisposedException)
            {
                _context.Metrics.Error("write");
            }
            finally
            {
                _write.Release();
            }
        }

        private async Task ReadAsync(SenderSequences sequences)
        {
            try
            {
                await foreach (var frame in _call.ResponseStream.ReadAllAsync())
                {
                    if (frame.EventCase == ServerFrame.EventOneofCase.Joined)
                    {
                        Joined.TrySetResult();
                    }
                    else if (frame.EventCase == ServerFrame.EventOneofCase.Message)
                    {
                        sequences.Received(frame.Message.Sender, frame.Message.Sequence, frame.Message.SentAt);
                    }
                }
            }
            catch (Exception) when (Volatile.Read(ref _disposing))
            {
                // Disposed at the end of the run.
            }
            catch (RpcException ex)
            {
                _context.Metrics.Error($"stream: {ex.StatusCode}");
            }
        }
    }
}
