using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Realtime.Protos.Chat.V1;

namespace Realtime.LoadTests.Scenarios;

/// <summary>
/// Fan-out: R rooms × M member streams; in each room S of the members also send at X messages/s each.
/// A message carries its send timestamp; every member checks its room's offsets for gaps and duplicates.
/// </summary>
public sealed class ChatScenario(int rooms, int members, int senders, double rate, int payloadBytes) : IScenario
{
    private readonly List<Member> _members = [];

    public string Name => "chat";

    public int Streams => _members.Count;

    public string Describe() =>
        $"{rooms} room(s) × {members} members, {senders} sender(s)/room at {rate} msg/s, {payloadBytes} B: {rooms * senders * rate * members:N0} deliveries/s offered";

    public async Task SetUpAsync(RunContext context, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();
        var total = rooms * members;
        var joins = new List<Task>();
        for (var i = 0; i < total; i++)
        {
            await context.RampAsync(i, total, clock, cancellationToken);
            var room = $"load-{run}-{i % rooms}";
            var headers = await context.Tokens.HeadersAsync($"member-{i % 1000}", cancellationToken);
            var call = new ChatService.ChatServiceClient(context.Pool.Next()).Chat(headers, cancellationToken: cancellationToken);
            var member = new Member(i, room, call, i / rooms < senders);
            _members.Add(member);
            await call.RequestStream.WriteAsync(new ChatClientFrame { Join = new JoinRoom { RoomId = room } }, cancellationToken);
            member.Reading = member.ReadAsync(context);
            joins.Add(member.Joined.Task);
        }
        await Task.WhenAll(joins).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
    }

    public Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var padding = new string('x', Math.Max(0, payloadBytes - 20));
        return Task.WhenAll(_members.Where(m => m.Sends).Select(sender => RunContext.PaceAsync(rate, async n =>
        {
            var content = Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture) + "|" + padding;
            await sender.WriteAsync(new ChatClientFrame { Send = new SendMessage { RoomId = sender.Room, ClientMessageId = $"{sender.Id}-{n}", Content = content } });
            context.Metrics.CountSent();
        }, cancellationToken)));
    }

    public Task<IReadOnlyDictionary<string, string>> FinishAsync(RunContext context, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members)
        {
            member.Call.Dispose();
        }
        await Task.WhenAll(_members.Select(m => m.Reading)).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        foreach (var member in _members)
        {
            member.Dispose();
        }
    }

    private sealed class Member(int id, string room, AsyncDuplexStreamingCall<ChatClientFrame, ChatServerFrame> call, bool sends) : IDisposable
    {
        private readonly SemaphoreSlim _write = new(1, 1);
        private long _lastOffset = -1;

        public int Id => id;

        public string Room => room;

        public bool Sends => sends;

        public AsyncDuplexStreamingCall<ChatClientFrame, ChatServerFrame> Call => call;

        public TaskCompletionSource Joined { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reading { get; set; } = Task.CompletedTask;

        public void Dispose() => _write.Dispose();

        public async Task WriteAsync(ChatClientFrame frame)
        {
            await _write.WaitAsync();
            try
            {
                await call.RequestStream.WriteAsync(frame);
            }
            finally
            {
                _write.Release();
            }
        }

        public async Task ReadAsync(RunContext context)
        {
            try
            {
                await foreach (var frame in call.ResponseStream.ReadAllAsync())
                {
                    switch (frame.EventCase)
                    {
                        case ChatServerFrame.EventOneofCase.Joined:
                            _lastOffset = frame.Joined.Position.Offset;
                            Joined.TrySetResult();
                            break;
                        case ChatServerFrame.EventOneofCase.Message:
                            Check(context, frame.Message.Offset);
                            var stamp = frame.Message.Content.AsSpan(0, frame.Message.Content.IndexOf('|', StringComparison.Ordinal));
                            context.Metrics.Delivery(long.Parse(stamp, CultureInfo.InvariantCulture));
                            break;
                        case ChatServerFrame.EventOneofCase.Error:
                            context.Metrics.Error(((StatusCode)frame.Error.Error.Code).ToString());
                            break;
                        case ChatServerFrame.EventOneofCase.ContinuityLost:
                            context.Metrics.Gap();
                            _lastOffset = frame.ContinuityLost.Position.Offset;
                            break;
                    }
                }
            }
            catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled && !context.Metrics.Stopped)
            {
                context.Metrics.Error(ex.StatusCode.ToString());
                Joined.TrySetException(ex);
            }
            catch (RpcException)
            {
                Joined.TrySetCanceled();
            }
        }

        private void Check(RunContext context, long offset)
        {
            if (offset <= _lastOffset)
            {
                context.Metrics.Duplicate();
                return;
            }
            if (offset != _lastOffset + 1)
            {
                context.Metrics.Gap();
            }
            _lastOffset = offset;
        }
    }
}
