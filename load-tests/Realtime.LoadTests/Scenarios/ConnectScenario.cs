using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Common.V1;

namespace Realtime.LoadTests.Scenarios;

/// <summary>
/// Ramps to N streams, each joined to one of N/50 rooms, and holds them. One extra stream per room
/// sends a message a second, so every stream has something to lose. With churn, that percentage of the
/// streams per minute closes and reopens, resuming from the last offset it saw: any gap or duplicate
/// after the resume is counted (both must be zero).
/// </summary>
public sealed class ConnectScenario(int streams, double churnPercentPerMinute) : IScenario
{
    private const int StreamsPerRoom = 50;
    private readonly List<Client> _clients = [];
    private readonly List<Client> _senders = [];
    private string _run = "";

    public string Name => "connect";

    public int Streams => _clients.Count;

    public string Describe() => $"{streams:N0} idle streams in {Rooms:N0} rooms, {churnPercentPerMinute}% reconnecting per minute";

    private int Rooms => Math.Max(1, streams / StreamsPerRoom);

    public async Task SetUpAsync(RunContext context, CancellationToken cancellationToken)
    {
        _run = Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < streams; i++)
        {
            await context.RampAsync(i, streams, clock, cancellationToken);
            var client = new Client($"load-{_run}-{i % Rooms}", $"idle-{i % 1000}");
            _clients.Add(client);
            await client.OpenAsync(context, null, cancellationToken);
        }
        for (var r = 0; r < Rooms; r++)
        {
            var sender = new Client($"load-{_run}-{r}", $"sender-{r}");
            _senders.Add(sender);
            await sender.OpenAsync(context, null, cancellationToken);
        }
        await Task.WhenAll(_clients.Concat(_senders).Select(c => c.Joined!.Task)).WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
    }

    public Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var sending = Task.WhenAll(_senders.Select(sender => RunContext.PaceAsync(1, async n =>
        {
            await sender.WriteAsync(new ChatClientFrame
            {
                Send = new SendMessage { RoomId = sender.Room, ClientMessageId = $"{n}", Content = Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture) },
            });
            context.Metrics.CountSent();
        }, cancellationToken)));
        var perSecond = streams * churnPercentPerMinute / 100 / 60;
        if (perSecond <= 0)
        {
            return sending;
        }
        var random = new Random(context.Settings.Seed);
        var churning = RunContext.PaceAsync(perSecond, async _ =>
        {
            var client = _clients[random.Next(_clients.Count)];
            if (!client.Busy)
            {
                try
                {
                    await client.ReconnectAsync(context, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // The run ended while this client was reconnecting: that ends its churn, it is not a failure.
                }
            }
        }, cancellationToken);
        return Task.WhenAll(sending, churning);
    }

    public Task<IReadOnlyDictionary<string, string>> FinishAsync(RunContext context, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["resumes"] = $"{_clients.Sum(c => c.Resumes):N0}",
        });

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Concat(_senders))
        {
            await client.CloseAsync();
            client.Dispose();
        }
    }

    private sealed class Client(string room, string user) : IDisposable
    {
        private readonly SemaphoreSlim _write = new(1, 1);
        private AsyncDuplexStreamingCall<ChatClientFrame, ChatServerFrame>? _call;
        private Task _reading = Task.CompletedTask;
        private StreamPosition? _position;
        private volatile bool _busy;

        public string Room => room;

        public bool Busy => _busy;

        public int Resumes { get; private set; }

        public TaskCompletionSource? Joined { get; private set; }

        public async Task OpenAsync(RunContext context, StreamPosition? resumeFrom, CancellationToken cancellationToken)
        {
            Joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _call = new ChatService.ChatServiceClient(context.Pool.Next()).Chat(await context.Tokens.HeadersAsync(user, cancellationToken), cancellationToken: cancellationToken);
            await _call.RequestStream.WriteAsync(new ChatClientFrame { Join = new JoinRoom { RoomId = room, ResumeFrom = resumeFrom } }, cancellationToken);
            _reading = ReadAsync(_call, context);
        }

        public async Task ReconnectAsync(RunContext context, CancellationToken cancellationToken)
        {
            _busy = true;
            try
            {
                await CloseAsync();
                context.Metrics.Reconnect("churn");
                await OpenAsync(context, _position, cancellationToken);
                await Joined!.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                Resumes++;
            }
            finally
            {
                _busy = false;
            }
        }

        public void Dispose() => _write.Dispose();

        public async Task WriteAsync(ChatClientFrame frame)
        {
            await _write.WaitAsync();
            try
            {
                await _call!.RequestStream.WriteAsync(frame);
            }
            finally
            {
                _write.Release();
            }
        }

        public async Task CloseAsync()
        {
            _call?.Dispose();
            await _reading.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        private async Task ReadAsync(AsyncDuplexStreamingCall<ChatClientFrame, ChatServerFrame> call, RunContext context)
        {
            try
            {
                await foreach (var frame in call.ResponseStream.ReadAllAsync())
                {
                    if (frame.Joined is { } joined)
                    {
                        _position ??= joined.Position;
                        Joined!.TrySetResult();
                    }
                    else if (frame.Message is { } message)
                    {
                        var last = _position!.Offset;
                        if (message.Offset <= last)
                        {
                            context.Metrics.Duplicate();
                            continue;
                        }
                        if (message.Offset != last + 1)
                        {
                            context.Metrics.Gap();
                        }
                        _position = new StreamPosition { Epoch = message.Epoch, Offset = message.Offset };
                        context.Metrics.Delivery(long.Parse(message.Content, CultureInfo.InvariantCulture));
                    }
                    else if (frame.ContinuityLost is not null)
                    {
                        context.Metrics.Gap();
                    }
                }
            }
            catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled && !context.Metrics.Stopped)
            {
                context.Metrics.Error(ex.StatusCode.ToString());
                Joined?.TrySetException(ex);
            }
            catch (RpcException)
            {
                Joined?.TrySetCanceled();
            }
        }
    }
}
