using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Realtime.Protos.Game.V1;

namespace Realtime.LoadTests.Scenarios;

/// <summary>
/// G arena sessions × P players, each sending X inputs/s. Latency is input → the first state that
/// reports it applied (it includes waiting for the next tick); jitter is how far the interval between
/// consecutive ticks at a player strays from the tick period.
/// </summary>
public sealed class GameScenario(int sessions, int players, double inputRate, int tickRate) : IScenario
{
    private readonly List<Player> _players = [];

    public string Name => "game";

    public int Streams => _players.Count;

    public string Describe() => $"{sessions} session(s) × {players} players at {tickRate} Hz, {inputRate} inputs/s each";

    public async Task SetUpAsync(RunContext context, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        for (var s = 0; s < sessions; s++)
        {
            await new GameService.GameServiceClient(context.Pool.ForCalls()).CreateGameAsync(
                new CreateGameRequest { GameId = $"load-{run}-{s}", MaxPlayers = players, TickRate = tickRate },
                await context.Tokens.HeadersAsync("game-owner", cancellationToken),
                cancellationToken: cancellationToken);
        }
        var clock = Stopwatch.StartNew();
        var total = sessions * players;
        for (var i = 0; i < total; i++)
        {
            await context.RampAsync(i, total, clock, cancellationToken);
            var player = new Player($"player-{i}", $"load-{run}-{i % sessions}", context.Pool.Next(), tickRate);
            _players.Add(player);
            player.Start(context);
        }
        await Task.WhenAll(_players.Select(p => p.Joined.Task)).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
    }

    public Task RunAsync(RunContext context, CancellationToken cancellationToken) =>
        Task.WhenAll(_players.Select((player, index) =>
        {
            var random = new Random(context.Settings.Seed + index);
            return RunContext.PaceAsync(inputRate, async n =>
            {
                player.SentAt[n + 1] = Stopwatch.GetTimestamp();
                await player.WriteAsync(new GameClientFrame
                {
                    Input = new SendInput
                    {
                        GameId = player.Game,
                        Sequence = n + 1,
                        Arena = new ArenaInput { MoveX = (random.NextDouble() * 2) - 1, MoveY = (random.NextDouble() * 2) - 1 },
                    },
                });
                context.Metrics.CountSent();
            }, cancellationToken);
        }));

    public Task<IReadOnlyDictionary<string, string>> FinishAsync(RunContext context, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["states received"] = $"{_players.Sum(p => p.States):N0}",
            ["full states (joins, skipped deltas, every Nth)"] = $"{_players.Sum(p => p.FullStates):N0}",
        });

    public async ValueTask DisposeAsync() =>
        await Task.WhenAll(_players.Select(p => p.DisposeAsync().AsTask())).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);

    /// <summary>
    /// One player that rides through faults: on any end of its stream it reconnects with backoff and
    /// joins again (game state is latest-wins: the next state is the whole truth). Inputs sent while no
    /// stream is open are lost, as they would be for a real player.
    /// </summary>
    private sealed class Player(string user, string game, GrpcChannel channel, int tickRate) : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly SemaphoreSlim _write = new(1, 1);
        private AsyncDuplexStreamingCall<GameClientFrame, GameServerFrame>? _call;
        private Task _loop = Task.CompletedTask;
        private long _lastTick;
        private long _lastTickAt;
        private long _acknowledged;

        public string Game => game;

        public ConcurrentDictionary<long, long> SentAt { get; } = new();

        public TaskCompletionSource Joined { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long States { get; private set; }

        public long FullStates { get; private set; }

        public void Start(RunContext context) => _loop = RunAsync(context);

        /// <summary>Writes on the current stream; nothing happens while none is open or one just broke.</summary>
        public async Task WriteAsync(GameClientFrame frame)
        {
            if (Volatile.Read(ref _call) is not { } call)
            {
                return;
            }
            await _write.WaitAsync();
            try
            {
                await call.RequestStream.WriteAsync(frame);
            }
            catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException or ObjectDisposedException)
            {
                // The stream ended; the next one joins again.
            }
            finally
            {
                _write.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
            _write.Dispose();
        }

        private async Task RunAsync(RunContext context)
        {
            for (var attempt = 0; !_stop.IsCancellationRequested; attempt++)
            {
                string cause;
                try
                {
                    cause = await PlayOnceAsync(context);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (RpcException ex)
                {
                    cause = ex.StatusCode.ToString();
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidOperationException)
                {
                    cause = ex.GetType().Name;
                }
                if (_stop.IsCancellationRequested)
                {
                    return;
                }
                context.Metrics.Reconnect(cause);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(4000, 250 * Math.Pow(2, Math.Min(attempt, 10))) * (0.5 + (Random.Shared.NextDouble() / 2))), _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        /// <summary>One stream from join to end; returns what ended it.</summary>
        private async Task<string> PlayOnceAsync(RunContext context)
        {
            var period = TimeSpan.FromSeconds(1.0 / tickRate);
            var headers = await context.Tokens.HeadersAsync(user, _stop.Token);
            using var call = new GameService.GameServiceClient(channel).PlayGame(headers, cancellationToken: _stop.Token);
            await call.RequestStream.WriteAsync(new GameClientFrame { Join = new JoinGame { GameId = game } }, _stop.Token);
            Volatile.Write(ref _call, call);
            try
            {
                await foreach (var frame in call.ResponseStream.ReadAllAsync(_stop.Token))
                {
                    if (frame.Joined is not null)
                    {
                        _lastTick = frame.Joined.Snapshot.Tick;
                        _lastTickAt = 0;
                        Joined.TrySetResult();
                    }
                    else if (frame.State is { } state)
                    {
                        OnState(context, state, period);
                    }
                    else if (frame.Error is { } error)
                    {
                        context.Metrics.Error(((StatusCode)error.Error.Code).ToString());
                    }
                    else if (frame.Reconnect is not null)
                    {
                        return "reconnect hint";
                    }
                }
                return "ended without a hint";
            }
            finally
            {
                Volatile.Write(ref _call, null);
            }
        }

        private void OnState(RunContext context, GameState state, TimeSpan period)
        {
            var now = Stopwatch.GetTimestamp();
            States++;
            FullStates += state.Full ? 1 : 0;
            if (state.Tick == _lastTick + 1 && _lastTickAt != 0)
            {
                context.Metrics.TickInterval(Stopwatch.GetElapsedTime(_lastTickAt, now), period);
            }
            _lastTick = state.Tick;
            _lastTickAt = now;
            var applied = state.LastInputSequences.GetValueOrDefault(user);
            for (var sequence = _acknowledged + 1; sequence <= applied; sequence++)
            {
                if (SentAt.TryRemove(sequence, out var sent))
                {
                    context.Metrics.Delivery(sent);
                }
            }
            _acknowledged = Math.Max(_acknowledged, applied);
        }
    }
}
