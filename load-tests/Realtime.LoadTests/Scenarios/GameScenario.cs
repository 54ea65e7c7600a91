using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
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
            await new GameService.GameServiceClient(context.Pool.Next()).CreateGameAsync(
                new CreateGameRequest { GameId = $"load-{run}-{s}", MaxPlayers = players, TickRate = tickRate },
                await context.Tokens.HeadersAsync("game-owner", cancellationToken),
                cancellationToken: cancellationToken);
        }
        var clock = Stopwatch.StartNew();
        var total = sessions * players;
        for (var i = 0; i < total; i++)
        {
            await context.RampAsync(i, total, clock, cancellationToken);
            var user = $"player-{i}";
            var call = new GameService.GameServiceClient(context.Pool.Next()).PlayGame(await context.Tokens.HeadersAsync(user, cancellationToken), cancellationToken: cancellationToken);
            var player = new Player(user, $"load-{run}-{i % sessions}", call, tickRate);
            _players.Add(player);
            await call.RequestStream.WriteAsync(new GameClientFrame { Join = new JoinGame { GameId = player.Game } }, cancellationToken);
            player.Reading = player.ReadAsync(context);
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
                await player.Call.RequestStream.WriteAsync(new GameClientFrame
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

    public async ValueTask DisposeAsync()
    {
        foreach (var player in _players)
        {
            player.Call.Dispose();
        }
        await Task.WhenAll(_players.Select(p => p.Reading)).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private sealed class Player(string user, string game, AsyncDuplexStreamingCall<GameClientFrame, GameServerFrame> call, int tickRate)
    {
        private long _lastTick;
        private long _lastTickAt;
        private long _acknowledged;

        public string Game => game;

        public AsyncDuplexStreamingCall<GameClientFrame, GameServerFrame> Call => call;

        public ConcurrentDictionary<long, long> SentAt { get; } = new();

        public TaskCompletionSource Joined { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reading { get; set; } = Task.CompletedTask;

        public long States { get; private set; }

        public long FullStates { get; private set; }

        public async Task ReadAsync(RunContext context)
        {
            var period = TimeSpan.FromSeconds(1.0 / tickRate);
            try
            {
                await foreach (var frame in call.ResponseStream.ReadAllAsync())
                {
                    if (frame.Joined is not null)
                    {
                        _lastTick = frame.Joined.Snapshot.Tick;
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
