using Grpc.Core;
using Grpc.Net.Client;
using Realtime.Protos.Game.V1;

namespace Realtime.Testing;

/// <summary>A raw bidirectional PlayGame stream for tests, with game helpers.</summary>
public sealed class GameStream : DuplexStream<GameClientFrame, GameServerFrame>
{
    private GameStream(AsyncDuplexStreamingCall<GameClientFrame, GameServerFrame> call) : base(call, frame => frame.Reconnect is not null)
    {
    }

    /// <summary>Opens a stream; with <paramref name="startReading"/> false nothing is read until <see cref="DuplexStream{TRequest, TResponse}.StartReading"/>.</summary>
    public static GameStream Open(GrpcChannel channel, string? token, bool startReading = true)
    {
        var stream = new GameStream(new GameService.GameServiceClient(channel).PlayGame(Headers(token)));
        if (startReading)
        {
            stream.StartReading();
        }
        return stream;
    }

    public List<GameState> States(string gameId) =>
        [.. Frames.Where(f => f.State?.GameId == gameId).Select(f => f.State)];

    public Task JoinAsync(string gameId, GameRole role = GameRole.Player) =>
        WriteAsync(new GameClientFrame { Join = new JoinGame { GameId = gameId, Role = role } });

    public async Task<GameJoined> JoinedAsync(string gameId, GameRole role = GameRole.Player)
    {
        await JoinAsync(gameId, role);
        return await Eventually.ValueAsync(() => Frames.FirstOrDefault(f => f.Joined?.GameId == gameId)?.Joined, $"joined {gameId}");
    }

    public Task InputAsync(string gameId, long sequence, double moveX, double moveY) =>
        WriteAsync(new GameClientFrame { Input = new SendInput { GameId = gameId, Sequence = sequence, Arena = new ArenaInput { MoveX = moveX, MoveY = moveY } } });

    public Task<List<GameState>> StatesAsync(string gameId, Func<List<GameState>, bool> enough, string expectation) =>
        Eventually.ValueAsync(() => States(gameId) is { } s && enough(s) ? s : null, expectation);

    public Task<GameCommandError> ErrorAsync(Func<GameCommandError, bool> match, string expectation) =>
        Eventually.ValueAsync(() => Frames.FirstOrDefault(f => f.Error is { } e && match(e))?.Error, expectation);
}
