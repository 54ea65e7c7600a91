using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Games;
using Realtime.Grains.Access;
using Realtime.Grains.Commands;
using Realtime.Grains.Directory;
using Realtime.Grains.Presence;
using Realtime.Protos.Game.V1;
using Realtime.Streaming.Bus;
using GameRole = Realtime.Grains.Abstractions.Games.GameRole;
using GameStatus = Realtime.Grains.Abstractions.Games.GameStatus;
using WireStatus = Realtime.Protos.Game.V1.GameStatus;

namespace Realtime.Grains.Games;

/// <summary>
/// One game session: the grain timer is the tick loop. Each tick applies the queued inputs in arrival
/// order, advances the world, and publishes the tick (its delta and full state, encoded once). The loop
/// runs while the game has players and is not over; the result of a finished game is stored.
/// </summary>
public sealed partial class GameSessionGrain(
    [PersistentState("game", GrainStorage.Name)] IPersistentState<GameSessionState> state,
    IEnumerable<IGameRules> allRules,
    IEventBus bus,
    TopicListings listings,
    IOptions<GameOptions> options,
    TimeProvider time,
    ILogger<GameSessionGrain> logger) : Grain, IGameSessionGrain
{
    private readonly GameOptions _options = options.Value;
    private readonly PerUserRateLimiter _inputLimiter = new(options.Value.InputsPerSecondPerPlayer, time);
    private readonly Dictionary<string, Participant> _participants = new(StringComparer.Ordinal);
    private LeasedPresence? _presence;
    private AccessKeeper<GameSessionState>? _keeper;
    private GameEngine? _engine;
    private TopicEvent? _latest;
    private IGrainTimer? _loop;
    private TickSchedule? _schedule;

    private string GameId => this.GetPrimaryKeyString();

    private string Topic => Topics.Game(GameId);

    private GameSettings Settings => state.State.Settings;

    private TopicAccess Access => Keeper.Current;

    private AccessKeeper<GameSessionState> Keeper => _keeper ??= new(state, $"game '{GameId}'", () => Presence.Members);

    private GameEngine Engine => _engine ??= NewEngine();

    private LeasedPresence Presence => _presence ??= new LeasedPresence(
        this, _options.PresenceTtl, TimeSpan.FromMilliseconds(250), time, DropDisconnectedAsync);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists && state.State.Status == GameStatus.Running)
        {
            // The world lived in the previous activation's memory: start over in a new epoch.
            state.State.Status = GameStatus.Waiting;
            state.State.Epoch = Guid.NewGuid().ToString("N");
            await state.WriteStateAsync(cancellationToken);
        }
        await PutListingAsync();
    }

    /// <summary>
    /// Lists show a deactivated game as its next activation will find it: no players, and waiting unless
    /// it is over (in memory only: the stored status stays running, so that activation starts a new epoch).
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _participants.Clear();
        if (state.RecordExists && state.State.Status == GameStatus.Running)
        {
            state.State.Status = GameStatus.Waiting;
        }
        await PutListingAsync();
    }

    public async Task<GameInfo> CreateAsync(GameSettings settings, string createdBy, TopicAccess access)
    {
        if (state.RecordExists)
        {
            throw new TopicException(TopicErrorKind.AlreadyExists, $"Game '{GameId}' already exists.");
        }
        if (!allRules.Any(r => r.Mode == settings.Mode))
        {
            throw new TopicException(TopicErrorKind.Invalid, $"Unknown game mode '{settings.Mode}'.", "mode");
        }
        state.State = new GameSessionState
        {
            Settings = settings,
            CreatedBy = createdBy,
            CreatedAt = time.GetUtcNow(),
            Epoch = Guid.NewGuid().ToString("N"),
            Status = GameStatus.Waiting,
            Seed = (ulong)Random.Shared.NextInt64(1, long.MaxValue),
            Access = access,
        };
        await state.WriteStateAsync();
        await PutListingAsync();
        return Info();
    }

    public Task<GameInfo?> GetAsync() => Task.FromResult(state.RecordExists ? Info() : null);

    public async Task<GameJoinResult> JoinAsync(Caller caller, PresenceLease lease, GameRole role)
    {
        RequireExisting();
        var playing = (_participants.GetValueOrDefault(lease.UserId)?.Role ?? role) == GameRole.Player;
        Access.Demand(caller, playing ? AccessRole.Writer : AccessRole.Reader, playing ? $"play in game '{GameId}'" : $"watch game '{GameId}'");
        if (state.State.Status == GameStatus.Finished)
        {
            throw new TopicException(TopicErrorKind.WrongState, $"Game '{GameId}' is over.");
        }
        if (!_participants.TryGetValue(lease.UserId, out var participant))
        {
            CheckRoom(role);
            participant = new Participant(role);
            _participants[lease.UserId] = participant;
            if (role == GameRole.Player)
            {
                Engine.AddPlayer(lease.UserId);
                participant.LastInputAt = time.GetUtcNow();
                await PutListingAsync();
            }
            await PublishAsync(new GameServerFrame { PlayerJoined = new PlayerJoined { GameId = GameId, PlayerId = lease.UserId, Role = GameWire.Role(role) } });
        }
        participant.Connections.Add(lease.ConnectionId);
        Presence.Join(lease);
        if (participant.Role == GameRole.Player && state.State.Status == GameStatus.Waiting)
        {
            await StartAsync();
        }
        return new GameJoinResult
        {
            Game = Info(),
            Role = participant.Role,
            Snapshot = Engine.State(WireStatusNow(), full: true).ToByteArray(),
        };
    }

    public Task<TopicAccess?> GetAccessAsync(Caller caller) => Keeper.GetAsync(caller);

    public async Task<AccessUpdate?> UpdateAccessAsync(Caller caller, TopicAccess next)
    {
        var update = await Keeper.UpdateAsync(caller, next);
        await PutListingAsync();
        return update;
    }

    public async Task LeaveAsync(string connectionId)
    {
        Presence.Leave(connectionId);
        var user = _participants.FirstOrDefault(p => p.Value.Connections.Remove(connectionId));
        if (user.Value is { Connections.Count: 0 })
        {
            await RemoveAsync(user.Key, PlayerLeftReason.Left);
        }
    }

    public Task<TopicStatus> GetStatusAsync() => Task.FromResult(Presence.Status(state.State.Epoch, _latest?.Offset ?? 0));

    public Task RenewPresenceAsync(PresenceLease[] leases)
    {
        if (state.RecordExists)
        {
            Presence.Renew([.. leases.Where(l => _participants.ContainsKey(l.UserId))]);
        }
        return Task.CompletedTask;
    }

    public Task SendInputAsync(Caller player, long sequence, double moveX, double moveY)
    {
        RequireExisting();
        Access.Demand(player, AccessRole.Writer, $"play in game '{GameId}'");
        var playerId = player.UserId;
        if (state.State.Status == GameStatus.Finished)
        {
            throw new TopicException(TopicErrorKind.WrongState, $"Game '{GameId}' is over.");
        }
        if (!_participants.TryGetValue(playerId, out var participant) || participant.Role != GameRole.Player)
        {
            throw new TopicException(TopicErrorKind.WrongState, "Only players who joined the game send inputs.");
        }
        if (!_inputLimiter.TryTake(playerId))
        {
            throw new TopicException(TopicErrorKind.RateLimited, $"At most {_options.InputsPerSecondPerPlayer} inputs per second; slow down.");
        }
        participant.LastInputAt = time.GetUtcNow();
        Engine.QueueInput(playerId, sequence, moveX, moveY);
        return Task.CompletedTask;
    }

    /// <summary>A game keeps only its newest event (a state, or at the end its result): whoever is behind gets that, states in full.</summary>
    public Task<HistoryPage> ReadAfterAsync(long afterOffset, int maxCount, CancellationToken cancellationToken)
    {
        var tick = _latest?.Offset ?? 0;
        var behind = _latest is not null && tick > afterOffset && maxCount > 0;
        return Task.FromResult(new HistoryPage
        {
            Epoch = state.State.Epoch,
            FirstOffset = behind ? afterOffset + 1 : tick + 1,
            LastOffset = tick,
            Events = behind ? [_latest!] : [],
        });
    }

    public Task<TopicSnapshot> ReadSnapshotAsync(int maxEvents, CancellationToken cancellationToken) => Task.FromResult(new TopicSnapshot
    {
        Epoch = state.State.Epoch,
        Offset = Engine.Tick,
        State = Engine.State(WireStatusNow(), full: true).ToByteArray(),
    });

    private void CheckRoom(GameRole role)
    {
        var (count, limit, what) = role == GameRole.Player
            ? (_participants.Values.Count(p => p.Role == GameRole.Player), Settings.MaxPlayers, "players")
            : (_participants.Values.Count(p => p.Role == GameRole.Spectator), Settings.MaxSpectators, "spectators");
        if (count >= limit)
        {
            throw new TopicException(TopicErrorKind.LimitReached, $"Game '{GameId}' already has its {limit} {what}.");
        }
    }

    private async Task StartAsync()
    {
        state.State.Status = GameStatus.Running;
        await state.WriteStateAsync();
        await PutListingAsync();
        Schedule.Restart();
        _loop ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(Schedule.Period, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        ScheduleNextTick();
    }

    private async Task StopAsync(GameStatus status)
    {
        _loop?.Dispose();
        _loop = null;
        state.State.Status = status;
        await state.WriteStateAsync();
        await PutListingAsync();
    }

    private TickSchedule Schedule => _schedule ??= new(TimeSpan.FromSeconds(1.0 / Settings.TickRate), time);

    private void ScheduleNextTick() => _loop?.Change(Schedule.NextWait(), Timeout.InfiniteTimeSpan);

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (_loop is not null)
        {
            ScheduleNextTick();
        }
        var (tick, over) = Engine.Step(WireStatusNow());
        var topicEvent = new TopicEvent { Topic = Topic, Epoch = state.State.Epoch, Offset = Engine.Tick, Payload = tick.ToByteArray() };
        _latest = topicEvent;
        await PublishEventAsync(topicEvent);
        if (over is { } reason)
        {
            await FinishAsync(reason);
            return;
        }
        if (Engine.Tick % Settings.TickRate == 0)
        {
            await RemoveIdlePlayersAsync();
        }
    }

    private async Task RemoveIdlePlayersAsync()
    {
        var cutoff = time.GetUtcNow() - _options.PlayerIdleTimeout;
        foreach (var idle in _participants.Where(p => p.Value.Role == GameRole.Player && p.Value.LastInputAt < cutoff).Select(p => p.Key).ToList())
        {
            await RemoveAsync(idle, PlayerLeftReason.Idle);
        }
    }

    private async Task DropDisconnectedAsync(string[] joined, string[] left)
    {
        foreach (var user in left.Where(u => _participants.ContainsKey(u)))
        {
            await RemoveAsync(user, PlayerLeftReason.Disconnected);
        }
    }

    private async Task RemoveAsync(string userId, PlayerLeftReason reason)
    {
        if (!_participants.Remove(userId, out var participant))
        {
            return;
        }
        _inputLimiter.Forget(userId);
        if (participant.Role == GameRole.Player)
        {
            Engine.RemovePlayer(userId);
            await PutListingAsync();
        }
        await PublishAsync(new GameServerFrame { PlayerLeft = new PlayerLeft { GameId = GameId, PlayerId = userId, Reason = reason } });
        if (state.State.Status == GameStatus.Running && !_participants.Values.Any(p => p.Role == GameRole.Player))
        {
            await StopAsync(GameStatus.Waiting);
        }
    }

    /// <summary>
    /// What lists show of the game, written when its status, players or access change and on activation
    /// and deactivation; its tick is the one of the last such change.
    /// </summary>
    private async Task PutListingAsync()
    {
        if (state.RecordExists)
        {
            await listings.TryPutAsync(Topics.GameKind, GameId, Info());
        }
    }

        private void RequireExisting()
    {
        if (!state.RecordExists)
        {
            throw new TopicException(TopicErrorKind.NotFound, $"Game '{GameId}' does not exist.");
        }
    }

    private GameEngine NewEngine()
    {
        var rules = allRules.First(r => r.Mode == Settings.Mode);
        return new GameEngine(rules, GameId, state.State.Epoch, state.State.Seed, Settings.TickRate, _options.FullSnapshotEvery);
    }

    private GameInfo Info() => new()
    {
        GameId = GameId,
        Settings = Settings,
        Status = state.State.Status,
        PlayerIds = [.. _participants.Where(p => p.Value.Role == GameRole.Player).Select(p => p.Key).Order(StringComparer.Ordinal)],
        CreatedBy = state.State.CreatedBy,
        CreatedAt = state.State.CreatedAt,
        Epoch = state.State.Epoch,
        Tick = _engine?.Tick ?? 0,
        Result = state.State.Result,
        Access = Access,
    };

    private WireStatus WireStatusNow() => GameWire.Status(state.State.Status);

    private Task PublishAsync(GameServerFrame frame) =>
        PublishEventAsync(new TopicEvent { Topic = Topic, Epoch = state.State.Epoch, Offset = 0, Payload = frame.ToByteArray() });

    private async Task PublishEventAsync(TopicEvent topicEvent)
    {
        try
        {
            await bus.PublishAsync(topicEvent, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // A lost state is replaced by the next tick's; subscribers behind get a full snapshot.
            LogPublishFailed(ex, Topic, topicEvent.Offset);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Topic} tick {Tick} failed")]
    private partial void LogPublishFailed(Exception exception, string topic, long tick);

    /// <summary>A user in the game: their role, their streams, and when they last sent an input.</summary>
    private sealed class Participant(GameRole role)
    {
        public GameRole Role => role;

        public HashSet<string> Connections { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset LastInputAt { get; set; }
    }
}
