using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Games;
using Realtime.Protos.Game.V1;
using Realtime.Streaming;
using Realtime.Streaming.Grpc.Streams;
using Realtime.Streaming.Outbox;
using ErrorDetail = Realtime.Protos.Common.V1.ErrorDetail;

namespace Realtime.Server.Games;

/// <summary>
/// The game side of one open stream (a bidi PlayGame stream or a browser session): the games it has
/// joined, each a latest-wins subscription, and the inputs it may send as the token's subject.
/// </summary>
public sealed class GameConnection<TFrame>(
    string connectionId,
    Caller caller,
    StreamOutbox<TFrame> outbox,
    Func<GameServerFrame, TFrame> wrap,
    GameConnectionServices services)
    : TopicConnection<TFrame>(connectionId, caller, outbox, services.Hub, services.Connections, services.Admission, services.Logger) where TFrame : class
{
    protected override string Noun => "game";

    protected override int MaxPerStream => services.Options.Value.MaxGamesPerStream;

    public IEnumerable<string> GameIds => Subscriptions.Select(s => s.Key);

    public Task<GameJoined> JoinAsync(JoinGame? join, CancellationToken cancellationToken)
    {
        services.Validator.Join(join);
        var gameId = join!.GameId;
        return SubscribeAsync(gameId, Topics.Game(gameId), Delivery.LatestWins, join.Role == Protos.Game.V1.GameRole.Spectator ? JoinActions.Watch : JoinActions.Play, async (admitted, lease) =>
        {
            var result = await Game(gameId).JoinAsync(admitted, lease, GameValidator.Role(join.Role));
            var joined = GameFrames.Joined(result, UserId);
            return (new StreamPosition(result.Game.Epoch, result.Game.Tick), joined, wrap(new GameServerFrame { Joined = joined }));
        }, cancellationToken);
    }

    public Task LeaveAsync(string gameId, CancellationToken cancellationToken)
    {
        services.Validator.Game("leave.game_id", gameId);
        return UnsubscribeAsync(gameId, wrap(new GameServerFrame { Left = new GameLeft { GameId = gameId } }), cancellationToken);
    }

    public async Task SendInputAsync(SendInput? input)
    {
        services.Validator.Input(input);
        var player = CallerIn(input!.GameId);
        await CallAsync(() => Game(input.GameId).SendInputAsync(player, input.Sequence, input.Arena.MoveX, input.Arena.MoveY));
    }

    protected override TFrame RemovedFrame(string id, ErrorDetail reason) => wrap(new GameServerFrame { Left = new GameLeft { GameId = id, Reason = reason } });

    protected override Task LeaveGrainAsync(string id) => Game(id).LeaveAsync(ConnectionId);

    private IGameSessionGrain Game(string gameId) => services.Grains.GetGrain<IGameSessionGrain>(gameId);
}
