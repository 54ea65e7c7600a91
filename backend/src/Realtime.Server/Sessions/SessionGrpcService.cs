using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Realtime.Protos.Session.V1;
using Realtime.Server.Chat;
using Realtime.Server.Documents;
using Realtime.Server.Games;
using Realtime.Server.Hosting;
using Realtime.Streaming;
using Realtime.Streaming.Grpc.Identity;
using Realtime.Streaming.Grpc.Limits;
using Realtime.Streaming.Grpc.Streams;
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
    DocumentConnectionServices collabServices,
    GameConnectionServices gameServices,
    SessionRegistry sessions,
    StreamRunner runner,
    ILocalSiloDetails silo,
    StreamAdmission admission,
    ILogger<SessionGrpcService> logger) : SessionService.SessionServiceBase
{
    public override async Task OpenSession(OpenSessionRequest request, IServerStreamWriter<SessionFrame> responseStream, ServerCallContext context)
    {
        var caller = context.Caller();
        using var admitted = admission.Admit(context);
        var outbox = new StreamOutbox<SessionFrame>(frames, grains, streaming.Value, logger);
        await using var chat = new ChatConnection<SessionFrame>(ConnectionIds.New(), caller, outbox, frame => new SessionFrame { Chat = frame }, chatServices);
        await using var documents = new DocumentConnection<SessionFrame>(ConnectionIds.New(), caller, outbox, frame => new SessionFrame { Collab = frame }, collabServices);
        await using var games = new GameConnection<SessionFrame>(ConnectionIds.New(), caller, outbox, frame => new SessionFrame { Game = frame }, gameServices);
        var session = new Session(SessionIds.New(silo.SiloAddress.ToParsableString()), caller.UserId, chat, documents, games);
        await outbox.EnqueueAsync(new SessionFrame { Opened = new SessionOpened { SessionId = session.Id } }, context.CancellationToken);
        sessions.Add(session);
        try
        {
            await runner.RunAsync(
                context,
                outbox,
                // The client sent all it will with its request: like a half-closed bidi stream, delivery goes on
                // until the call ends, and the call ends right after the reconnect hint.
                _ => Task.CompletedTask,
                CommandLoop.Writer(responseStream, context),
                () => new SessionFrame { Reconnect = ReconnectHint(session) });
        }
        finally
        {
            sessions.Remove(session.Id);
        }
    }

    private SessionReconnectHint ReconnectHint(Session session)
    {
        var hint = new SessionReconnectHint { Reason = "server shutting down", RetryAfterMs = (int)server.Value.ReconnectRetryAfter.TotalMilliseconds };
        hint.ChatRooms.AddRange(session.Chat.RoomPositions());
        hint.Documents.AddRange(session.Documents.DocumentPositions());
        hint.GameIds.AddRange(session.Games.GameIds);
        return hint;
    }
}
