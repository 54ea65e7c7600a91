using Google.Protobuf;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Games;
using Realtime.Protos.Game.V1;
using GameOverReason = Realtime.Grains.Abstractions.Games.GameOverReason;
using GameResult = Realtime.Grains.Abstractions.Games.GameResult;
using GameStatus = Realtime.Grains.Abstractions.Games.GameStatus;

namespace Realtime.Grains.Games;

/// <summary>How a game ends: by its rules (a score or time limit, from the tick loop) or when the application ends it.</summary>
public sealed partial class GameSessionGrain
{
    public async Task<GameInfo?> EndAsync()
    {
        if (!state.RecordExists)
        {
            return null;
        }
        if (state.State.Status != GameStatus.Finished)
        {
            await FinishAsync(GameOverReason.Ended);
        }
        return Info();
    }

    private async Task FinishAsync(GameOverReason reason)
    {
        var scores = Engine.Scores();
        state.State.Result = new GameResult(reason, scores, scores.Length > 0 ? scores[0].PlayerId : "", Engine.Tick);
        await StopAsync(GameStatus.Finished);
        var over = new GameTick { Over = new GameOver { GameId = GameId, Result = GameWire.Result(state.State.Result) } };
        _latest = new TopicEvent { Topic = Topic, Epoch = state.State.Epoch, Offset = Engine.Tick + 1, Payload = over.ToByteArray() };
        await PublishEventAsync(_latest);
    }
}
