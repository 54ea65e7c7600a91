using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Realtime.Protos.Session.V1;
using Realtime.Server.Auth;
using Realtime.Server.Chat;
using Realtime.Server.Hosting;
using Realtime.Server.Streams;
using Realtime.Streaming;
using Realtime.Streaming.Outbox;

namespace Realtime.Server.Sessions;

/// <summary>The browser's one server stream per tab; commands arrive as unary calls naming the session.</summary>
[Authorize]
public sealed class SessionGrpcService(
    SessionStreamFrames frames,
    TopicGrainResolver grains,
    IOptions<StreamingOptions> streaming,
    IOptions<ServerOptions> server,
    ChatConnectionServices chatServices,
    SessionRegistry sessions,
    StreamRunner runner,
    ILogger<SessionGrpcService> logger) : SessionService.SessionServiceBase
{
    public override async Task OpenSession(OpenSessionRequest request, IServerStreamWriter<SessionFrame> responseStream, ServerCallContext context)
    {
        var userId = context.UserId();
        var outbox = new StreamOutbox<SessionFrame>(frames, grains, streaming.Value, logger);
        await using var chat = new ChatConnection<SessionFrame>(ConnectionIds.New(), userId, outbox, frame => new SessionFrame { Chat = frame }, chatServices);
        var session = new Session(ConnectionIds.New(), userId, chat);
        await outbox.EnqueueAsync(new SessionFrame { Opened = new SessionOpened { SessionId = session.Id } }, context.CancellationToken);
        sessions.Add(session);
        try
        {
            await runner.RunAsync(
                outbox,
                WaitUntilEndAsync,
                (frame, more) =>
                {
                    context.WriteOptions = more ? new WriteOptions(WriteFlags.BufferHint) : WriteOptions.Default;
                    return responseStream.WriteAsync(frame);
                },
                () => new SessionFrame { Reconnect = ReconnectHint(chat) },
                context.CancellationToken);
        }
        finally
        {
            sessions.Remove(session.Id);
        }
    }

    /// <summary>A session stream takes no client frames; its "reader" just lasts as long as the call.</summary>
    private static async Task WaitUntilEndAsync(CancellationToken cancellationToken)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (cancellationToken.Register(() => ended.TrySetResult()))
        {
            await ended.Task;
        }
    }

    private SessionReconnectHint ReconnectHint(ChatConnection<SessionFrame> chat)
    {
        var hint = new SessionReconnectHint { Reason = "server shutting down", RetryAfterMs = (int)server.Value.ReconnectRetryAfter.TotalMilliseconds };
        hint.ChatRooms.AddRange(chat.RoomPositions());
        return hint;
    }
}
