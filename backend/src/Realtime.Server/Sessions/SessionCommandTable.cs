using Google.Protobuf;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Collab.V1;
using Realtime.Protos.Game.V1;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Server.Sessions;

/// <summary>
/// Every unary command that acts on a session, keyed by its request type, so a command runs the same
/// way whether it arrived at the silo holding the session or was forwarded there.
/// </summary>
public sealed class SessionCommandTable
{
    private readonly Dictionary<string, SessionCommand> _commands = new(StringComparer.Ordinal);

    public SessionCommandTable()
    {
        Add<JoinRoomInSessionRequest>(r => r.SessionId, async (s, r, ct) => new JoinRoomInSessionResponse { Joined = await s.Chat.JoinAsync(r.Join, ct) });
        Add<LeaveRoomInSessionRequest>(r => r.SessionId, async (s, r, ct) =>
        {
            await s.Chat.LeaveAsync(r.RoomId, ct);
            return new LeaveRoomInSessionResponse();
        });
        Add<SendMessageInSessionRequest>(r => r.SessionId, async (s, r, ct) => new SendMessageInSessionResponse { Ack = await s.Chat.SendAsync(r.Send, ct) });
        Add<ChangeMessageInSessionRequest>(r => r.SessionId, async (s, r, ct) => new ChangeMessageInSessionResponse
        {
            Ack = r.ChangeCase switch
            {
                ChangeMessageInSessionRequest.ChangeOneofCase.Edit => await s.Chat.EditAsync(r.Edit, ct),
                ChangeMessageInSessionRequest.ChangeOneofCase.Delete => await s.Chat.DeleteAsync(r.Delete, ct),
                ChangeMessageInSessionRequest.ChangeOneofCase.React => await s.Chat.ReactAsync(r.React, ct),
                ChangeMessageInSessionRequest.ChangeOneofCase.Pin => await s.Chat.PinAsync(r.Pin, ct),
                _ => throw CommandException.Invalid([new Violation("change", "is required: edit, delete, react or pin")]),
            },
        });
        Add<SetTypingInSessionRequest>(r => r.SessionId, async (s, r, _) =>
        {
            await s.Chat.SetTypingAsync(r.Typing);
            return new SetTypingInSessionResponse();
        });
        Add<OpenDocumentInSessionRequest>(r => r.SessionId, async (s, r, ct) => new OpenDocumentInSessionResponse { Opened = await s.Documents.OpenAsync(r.Open, ct) });
        Add<CloseDocumentInSessionRequest>(r => r.SessionId, async (s, r, ct) =>
        {
            await s.Documents.CloseAsync(r.DocumentId, ct);
            return new CloseDocumentInSessionResponse();
        });
        Add<SubmitEditInSessionRequest>(r => r.SessionId, async (s, r, ct) => new SubmitEditInSessionResponse { Ack = await s.Documents.SubmitAsync(r.Edit, ct) });
        Add<UpdateCursorInSessionRequest>(r => r.SessionId, async (s, r, _) =>
        {
            await s.Documents.UpdateCursorAsync(r.Cursor);
            return new UpdateCursorInSessionResponse();
        });
        Add<JoinGameInSessionRequest>(r => r.SessionId, async (s, r, ct) => new JoinGameInSessionResponse { Joined = await s.Games.JoinAsync(r.Join, ct) });
        Add<LeaveGameInSessionRequest>(r => r.SessionId, async (s, r, ct) =>
        {
            await s.Games.LeaveAsync(r.GameId, ct);
            return new LeaveGameInSessionResponse();
        });
        Add<SendInputInSessionRequest>(r => r.SessionId, async (s, r, _) =>
        {
            await s.Games.SendInputAsync(r.Input);
            return new SendInputInSessionResponse();
        });
    }

    public SessionCommand this[string command] => _commands[command];

    public bool TryGet(string command, out SessionCommand? found) => _commands.TryGetValue(command, out found);

    private void Add<TRequest>(Func<TRequest, string> sessionId, Func<Session, TRequest, CancellationToken, Task<IMessage>> run)
        where TRequest : IMessage<TRequest>, new()
    {
        var parser = new MessageParser<TRequest>(() => new TRequest());
        _commands[new TRequest().Descriptor.FullName] = new SessionCommand(
            bytes => parser.ParseFrom(bytes),
            request => sessionId((TRequest)request),
            (session, request, cancellationToken) => run(session, (TRequest)request, cancellationToken));
    }
}

/// <summary>One session command: how to read its request, which session it names, and what it does.</summary>
public sealed record SessionCommand(
    Func<byte[], IMessage> Parse,
    Func<IMessage, string> SessionId,
    Func<Session, IMessage, CancellationToken, Task<IMessage>> Run);
