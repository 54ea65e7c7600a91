using Grpc.Core;
using Grpc.Net.Client;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Common.V1;

namespace Realtime.Testing;

/// <summary>A raw bidirectional Chat stream for tests: everything received is recorded in order.</summary>
public sealed class ChatStream : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<ChatClientFrame, ChatServerFrame> _call;
    private readonly List<ChatServerFrame> _received = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private Task _reading = Task.CompletedTask;

    private ChatStream(AsyncDuplexStreamingCall<ChatClientFrame, ChatServerFrame> call) => _call = call;

    /// <summary>Set when the stream ended with an error status.</summary>
    public RpcException? Failure { get; private set; }

    public bool Ended { get; private set; }

    /// <summary>Opens a stream; with <paramref name="startReading"/> false the response stays unread until <see cref="StartReading"/>, like a stalled client.</summary>
    public static ChatStream Open(GrpcChannel channel, string? token, bool startReading = true)
    {
        var headers = new Metadata();
        if (token is not null)
        {
            headers.Add("authorization", $"Bearer {token}");
        }
        var stream = new ChatStream(new ChatService.ChatServiceClient(channel).Chat(headers));
        if (startReading)
        {
            stream.StartReading();
        }
        return stream;
    }

    public void StartReading() => _reading = ReadAsync();

    public IReadOnlyList<ChatServerFrame> Frames
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public List<ChatMessage> Messages(string roomId) =>
        [.. Frames.Where(f => f.Message?.RoomId == roomId).Select(f => f.Message)];

    public async Task WriteAsync(ChatClientFrame frame)
    {
        await _writeLock.WaitAsync();
        try
        {
            await _call.RequestStream.WriteAsync(frame);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<RoomJoined> JoinAsync(string roomId, StreamPosition? resumeFrom = null)
    {
        var already = Frames.Count(f => f.Joined?.RoomId == roomId);
        await WriteAsync(new ChatClientFrame { Join = new JoinRoom { RoomId = roomId, ResumeFrom = resumeFrom } });
        return await Eventually.ValueAsync(
            () => Frames.Where(f => f.Joined?.RoomId == roomId).Skip(already).FirstOrDefault()?.Joined,
            $"joined {roomId}");
    }

    public Task SendAsync(string roomId, string content, string? clientMessageId = null) =>
        WriteAsync(new ChatClientFrame { Send = new SendMessage { RoomId = roomId, Content = content, ClientMessageId = clientMessageId ?? Guid.NewGuid().ToString("N") } });

    public Task<MessageAck> AckAsync(string clientMessageId, int occurrence = 1) =>
        Eventually.ValueAsync(
            () => Frames.Where(f => f.Ack?.ClientMessageId == clientMessageId).Skip(occurrence - 1).FirstOrDefault()?.Ack,
            $"ack #{occurrence} of {clientMessageId}");

    public Task<List<ChatMessage>> MessagesAsync(string roomId, int count) =>
        Eventually.ValueAsync(() => Messages(roomId) is { } m && m.Count >= count ? m : null, $"{count} messages in {roomId}");

    public Task<ChatServerFrame> FrameAsync(Func<ChatServerFrame, bool> match, string expectation) =>
        Eventually.ValueAsync(() => Frames.FirstOrDefault(match), expectation);

    public Task<CommandError> ErrorAsync(Func<CommandError, bool> match, string expectation) =>
        Eventually.ValueAsync(() => Frames.FirstOrDefault(f => f.Error is { } e && match(e))?.Error, expectation);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _call.Dispose();
        try
        {
            await _reading.WaitAsync(TestTimeouts.Wait);
        }
        catch (OperationCanceledException)
        {
            // Expected: the reader stops with the call.
        }
        _stop.Dispose();
        _writeLock.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var frame in _call.ResponseStream.ReadAllAsync(_stop.Token))
            {
                lock (_received)
                {
                    _received.Add(frame);
                }
            }
        }
        catch (RpcException ex) when (!_stop.IsCancellationRequested)
        {
            Failure = ex;
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            // Disposed by the test.
        }
        finally
        {
            Ended = true;
        }
    }
}
