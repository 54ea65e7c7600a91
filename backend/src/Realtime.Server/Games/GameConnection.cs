using System.Collections.Concurrent;
using Grpc.Core;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Game;
using Realtime.Protos.Game.V1;
using Realtime.Server.Errors;
using Realtime.Streaming;
using Realtime.Streaming.Outbox;

namespace Realtime.Server.Games;

/// <summary>
/// The game side of one open stream (a bidi PlayGame stream or a browser session): the games it has
/// joined, each a latest-wins subscription, and the inputs it may send as the token's subject.
/// </summary>
public sealed partial class GameConnection<TFrame>(
    string connectionId,
    string userId,
    StreamOutbox<TFrame> outbox,
    Func<GameServerFrame, TFrame> wrap,
    GameConnectionServices services) : IAsyncDisposable where TFrame : class
{
    private readonly ConcurrentDictionary<string, Subscription> _games = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _membership = new(1, 1);

    public IEnumerable<string> GameIds => _games.Keys;

    public async Task<GameJoined> JoinAsync(JoinGame? join, CancellationToken cancellationToken)
    {
        services.Validator.Join(join);
        var gameId = join!.GameId;
        await _membership.WaitAsync(cancellationToken);
        try
        {
            if (_games.ContainsKey(gameId))
            {
                throw new CommandException(StatusCode.FailedPrecondition, $"Game '{gameId}' is already joined on this stream.");
            }
            if (_games.Count >= services.Options.Value.MaxGamesPerStream)
            {
                throw new CommandException(StatusCode.ResourceExhausted, $"A stream may join at most {services.Options.Value.MaxGamesPerStream} games.");
            }
            var lease = new PresenceLease(connectionId, userId);
            var result = await CallAsync(() => Game(gameId).JoinAsync(lease, GameValidator.Role(join.Role)));
            var start = new StreamPosition(result.Game.Epoch, result.Game.Tick);
            var subscription = new Subscription(Topics.Game(gameId), lease, outbox, start, Delivery.LatestWins);
            await services.Hub.SubscribeAsync(subscription, cancellationToken);
            _games[gameId] = subscription;
            var joined = GameFrames.Joined(result, userId);
            await outbox.StartAsync(subscription, wrap(new GameServerFrame { Joined = joined }), cancellationToken);
            return joined;
        }
        finally
        {
            _membership.Release();
        }
    }

    public async Task LeaveAsync(string gameId, CancellationToken cancellationToken)
    {
        services.Validator.Game("leave.game_id", gameId);
        await _membership.WaitAsync(cancellationToken);
        try
        {
            if (!_games.TryRemove(gameId, out var subscription))
            {
                throw NotJoined(gameId);
            }
            await services.Hub.UnsubscribeAsync(subscription);
            await CallAsync(() => Game(gameId).LeaveAsync(connectionId));
            await outbox.EnqueueAsync(wrap(new GameServerFrame { Left = new GameLeft { GameId = gameId } }), cancellationToken);
        }
        finally
        {
            _membership.Release();
        }
    }

    public async Task SendInputAsync(SendInput? input)
    {
        services.Validator.Input(input);
        if (!_games.ContainsKey(input!.GameId))
        {
            throw NotJoined(input.GameId);
        }
        await CallAsync(() => Game(input.GameId).SendInputAsync(userId, input.Sequence, input.Arena.MoveX, input.Arena.MoveY));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (gameId, subscription) in _games)
        {
            await services.Hub.UnsubscribeAsync(subscription);
            try
            {
                await Game(gameId).LeaveAsync(connectionId);
            }
            catch (Exception ex)
            {
                // The presence lease expires on its own; nothing else depends on this call.
                LogLeaveFailed(services.Logger, ex, gameId);
            }
        }
        _games.Clear();
        _membership.Dispose();
    }

    private IGameSessionGrain Game(string gameId) => services.Grains.GetGrain<IGameSessionGrain>(gameId);

    private static CommandException NotJoined(string gameId) =>
        new(StatusCode.FailedPrecondition, $"Game '{gameId}' is not joined on this stream; join it first.");

    private async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (GameException ex)
        {
            throw GameErrors.ToCommandException(ex);
        }
        catch (Exception ex) when (ex is not CommandException and not OperationCanceledException)
        {
            LogGrainCallFailed(services.Logger, ex);
            throw new CommandException(StatusCode.Unavailable, "The game is temporarily unavailable; retry.");
        }
    }

    private async Task CallAsync(Func<Task> call) => await CallAsync(async () =>
    {
        await call();
        return true;
    });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leaving game {GameId} on disconnect failed")]
    private static partial void LogLeaveFailed(ILogger logger, Exception exception, string gameId);

    [LoggerMessage(Level = LogLevel.Error, Message = "A game call failed")]
    private static partial void LogGrainCallFailed(ILogger logger, Exception exception);
}
