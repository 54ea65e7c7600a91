using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Common.V1;

namespace Realtime.Client;

/// <summary>
/// A chat connection that survives the network: it reconnects with backoff and jitter, rejoins
/// every room from the last offset it delivered, resends unacked messages with their original ids,
/// and drops replayed duplicates, so <see cref="ReadEventsAsync"/> never shows a gap or a
/// duplicate. Where the server says history could not cover the gap, a ContinuityLost event (with a
/// snapshot) is delivered instead of pretending.
/// </summary>
public sealed partial class ChatClient : IAsyncDisposable
{
    private static readonly TimeSpan UnavailableRetryDelay = TimeSpan.FromMilliseconds(200);

    private readonly RealtimeClientOptions _options;
    private readonly GrpcChannel _channel;
    private readonly ChatService.ChatServiceClient _api;
    private readonly AttachmentService.AttachmentServiceClient _attachments;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RoomState> _rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingSend> _pending = new(StringComparer.Ordinal);
    private readonly Channel<ChatServerFrame> _events;
    private readonly ReconnectingStream<ChatClientFrame, ChatServerFrame> _stream;
    private long _sequence;

    private ChatClient(RealtimeClientOptions options)
    {
        _options = options;
        _channel = RealtimeChannels.Create(options);
        _api = new ChatService.ChatServiceClient(_channel);
        _attachments = new AttachmentService.AttachmentServiceClient(_channel);
        _events = Channel.CreateBounded<ChatServerFrame>(new BoundedChannelOptions(options.EventBufferSize) { SingleWriter = true });
        _stream = new ReconnectingStream<ChatClientFrame, ChatServerFrame>(options, (headers, ct) => _api.Chat(headers, cancellationToken: ct), new Session(this));
    }

    /// <summary>How many times the stream has been (re)opened.</summary>
    public int Connections => _stream.Connections;

    public bool IsConnected => _stream.IsConnected;

    /// <summary>Opens the stream; fails if the first connection is refused (e.g. Unauthenticated).</summary>
    public static async Task<ChatClient> ConnectAsync(RealtimeClientOptions options, CancellationToken cancellationToken = default)
    {
        var client = new ChatClient(options);
        return await client._stream.StartAsync(client, cancellationToken);
    }

    /// <summary>
    /// Messages (in offset order, each once), joins, leaves, presence, typing, command errors the SDK
    /// does not retry (a grain moving or storage away is retried, not shown), and continuity losses. Acks complete <see cref="SendAsync(string, string, string?, CancellationToken)"/> and the other sends instead. The application must keep
    /// reading: once <see cref="RealtimeClientOptions.EventBufferSize"/> events wait unread, the SDK stops
    /// reading the stream (the server then catches this client up from history later), and acks,
    /// which travel on the same ordered stream, wait too.
    /// </summary>
    public IAsyncEnumerable<ChatServerFrame> ReadEventsAsync(CancellationToken cancellationToken = default) =>
        _events.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Joins a room, live from now; after reconnects it is rejoined from the last delivered offset.</summary>
    public async Task<RoomJoined> JoinAsync(string roomId, CancellationToken cancellationToken = default)
    {
        RoomState room;
        lock (_gate)
        {
            if (_rooms.ContainsKey(roomId))
            {
                throw new InvalidOperationException($"Room '{roomId}' is already joined.");
            }
            room = new RoomState(roomId);
            _rooms.Add(roomId, room);
        }
        // Taken before the write: the answer may arrive (and clear it) before the write returns.
        var joining = room.Joining!;
        await WriteIfConnectedAsync(new ChatClientFrame { Join = room.JoinCommand() });
        return await joining.Task.WaitAsync(cancellationToken);
    }

    public async Task LeaveAsync(string roomId)
    {
        lock (_gate)
        {
            if (!_rooms.Remove(roomId))
            {
                return;
            }
        }
        await WriteIfConnectedAsync(new ChatClientFrame { Leave = new LeaveRoom { RoomId = roomId } });
    }

    /// <summary>
    /// Sends a message and waits for its ack. Retried across reconnects, silo failures and storage
    /// outages with the same id, so it is stored once; only a refusal that retrying cannot fix
    /// (permission, invalid content) fails it.
    /// </summary>
    public Task<MessageAck> SendAsync(string roomId, string content, string? clientMessageId = null, CancellationToken cancellationToken = default) =>
        SendCommandAsync(new SendMessage { RoomId = roomId, ClientMessageId = clientMessageId ?? Guid.NewGuid().ToString("N"), Content = content }, cancellationToken);

    /// <summary>
    /// Sends a typed message (a bot's or an app's event, see <see cref="SendMessage.Kind"/>): <paramref name="content"/>
    /// is what people read, <paramref name="kind"/> and <paramref name="metadata"/> what apps act on. Retried like
    /// <see cref="SendAsync(string, string, string?, CancellationToken)"/>.
    /// </summary>
    public Task<MessageAck> SendTypedAsync(string roomId, string kind, string content, IReadOnlyDictionary<string, string> metadata, string? clientMessageId = null, CancellationToken cancellationToken = default)
    {
        var command = new SendMessage { RoomId = roomId, ClientMessageId = clientMessageId ?? Guid.NewGuid().ToString("N"), Content = content, Kind = kind };
        foreach (var (key, value) in metadata)
        {
            command.Metadata[key] = value;
        }
        return SendCommandAsync(command, cancellationToken);
    }

    private async Task<MessageAck> SendCommandAsync(SendMessage command, CancellationToken cancellationToken)
    {
        var roomId = command.RoomId;
        PendingSend pending;
        bool live;
        lock (_gate)
        {
            if (!_rooms.TryGetValue(roomId, out var room))
            {
                throw new InvalidOperationException($"Join room '{roomId}' before sending to it.");
            }
            if (!_pending.TryGetValue(command.ClientMessageId, out pending!))
            {
                pending = new PendingSend(++_sequence, command);
                _pending.Add(command.ClientMessageId, pending);
            }
            live = room.Live;
        }
        if (live)
        {
            // Otherwise it goes out once the room's (re)join is confirmed.
            await WriteIfConnectedAsync(new ChatClientFrame { Send = command });
        }
        return await pending.Ack.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Best effort: dropped while disconnected.</summary>
    public Task SetTypingAsync(string roomId, bool typing) =>
        WriteIfConnectedAsync(new ChatClientFrame { Typing = new SetTyping { RoomId = roomId, Typing = typing } });

    /// <summary>Creates a room owned by the caller; without <paramref name="access"/> it is public and everyone may post.</summary>
    public async Task<Room> CreateRoomAsync(string roomId, string displayName, AccessPolicy? access = null, CancellationToken cancellationToken = default) =>
        (await _api.CreateRoomAsync(new CreateRoomRequest { RoomId = roomId, DisplayName = displayName, Access = access }, await CallOptionsAsync(cancellationToken))).Room;

    public async Task<ListMessagesResponse> ListMessagesAsync(string roomId, int pageSize, string pageToken = "", CancellationToken cancellationToken = default) =>
        await _api.ListMessagesAsync(new ListMessagesRequest { RoomId = roomId, PageSize = pageSize, PageToken = pageToken }, await CallOptionsAsync(cancellationToken));

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _channel.Dispose();
    }

    private async Task<CallOptions> CallOptionsAsync(CancellationToken cancellationToken) =>
        await RealtimeChannels.CallOptionsAsync(_options, cancellationToken);

    private Task WriteIfConnectedAsync(ChatClientFrame frame) => _stream.WriteIfConnectedAsync(frame);
}
