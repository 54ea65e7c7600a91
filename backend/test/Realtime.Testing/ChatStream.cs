using Grpc.Core;
using Grpc.Net.Client;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Common.V1;

namespace Realtime.Testing;

/// <summary>A raw bidirectional Chat stream for tests, with chat helpers.</summary>
public sealed class ChatStream : DuplexStream<ChatClientFrame, ChatServerFrame>
{
    private ChatStream(AsyncDuplexStreamingCall<ChatClientFrame, ChatServerFrame> call) : base(call, frame => frame.Reconnect is not null)
    {
    }

    /// <summary>Opens a stream; with <paramref name="startReading"/> false the response stays unread until <see cref="DuplexStream{TRequest, TResponse}.StartReading"/>, like a stalled client.</summary>
    public static ChatStream Open(GrpcChannel channel, string? token, bool startReading = true)
    {
        var stream = new ChatStream(new ChatService.ChatServiceClient(channel).Chat(Headers(token)));
        if (startReading)
        {
            stream.StartReading();
        }
        return stream;
    }

    public List<ChatMessage> Messages(string roomId) =>
        [.. Frames.Where(f => f.Message?.RoomId == roomId).Select(f => f.Message)];

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

    public Task<CommandError> ErrorAsync(Func<CommandError, bool> match, string expectation) =>
        Eventually.ValueAsync(() => Frames.FirstOrDefault(f => f.Error is { } e && match(e))?.Error, expectation);
}
