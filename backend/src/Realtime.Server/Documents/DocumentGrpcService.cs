using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Realtime.Protos.Collab.V1;
using Realtime.Server.Hosting;
using Realtime.Server.Sessions;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Identity;
using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Documents;

/// <summary>The CollaborationService edge: identity from the token; the stream runs through the shared runner with this kind's connection, frames and commands, unary calls go to the queries.</summary>
[Authorize]
public sealed class DocumentGrpcService(
    DocumentQueries queries,
    SessionCommands commands,
    DocumentEventFrames frames,
    DocumentConnectionServices services,
    BidiStreamRunner runner,
    IOptions<ServerOptions> server,
    ILogger<DocumentGrpcService> logger) : CollaborationService.CollaborationServiceBase
{
    public override Task Collaborate(IAsyncStreamReader<CollabClientFrame> requestStream, IServerStreamWriter<CollabServerFrame> responseStream, ServerCallContext context) =>
        RunStreamAsync(requestStream, responseStream, context);

    public override Task<CreateDocumentResponse> CreateDocument(CreateDocumentRequest request, ServerCallContext context) =>
        queries.CreateAsync(request, context.Caller());

    public override Task<GetDocumentResponse> GetDocument(GetDocumentRequest request, ServerCallContext context) => queries.GetAsync(request, context.Caller());

    public override Task<ListDocumentsResponse> ListDocuments(ListDocumentsRequest request, ServerCallContext context) => queries.ListAsync(request, context.Caller(), context.CancellationToken);

    public override Task<GetDocumentHistoryResponse> GetDocumentHistory(GetDocumentHistoryRequest request, ServerCallContext context) =>
        queries.HistoryAsync(request, context.Caller(), context.CancellationToken);

    public override Task<OpenDocumentInSessionResponse> OpenDocumentInSession(OpenDocumentInSessionRequest request, ServerCallContext context) =>
        commands.RunAsync<OpenDocumentInSessionResponse>(request, context);

    public override Task<CloseDocumentInSessionResponse> CloseDocumentInSession(CloseDocumentInSessionRequest request, ServerCallContext context) =>
        commands.RunAsync<CloseDocumentInSessionResponse>(request, context);

    public override Task<SubmitEditInSessionResponse> SubmitEditInSession(SubmitEditInSessionRequest request, ServerCallContext context) =>
        commands.RunAsync<SubmitEditInSessionResponse>(request, context);

    public override Task<UpdateCursorInSessionResponse> UpdateCursorInSession(UpdateCursorInSessionRequest request, ServerCallContext context) =>
        commands.RunAsync<UpdateCursorInSessionResponse>(request, context);

    private Task RunStreamAsync(IAsyncStreamReader<CollabClientFrame> requests, IServerStreamWriter<CollabServerFrame> responses, ServerCallContext context) =>
        runner.RunAsync(requests, responses, context, new BidiStreamKind<CollabClientFrame, CollabServerFrame, DocumentConnection<CollabServerFrame>>(
            frames,
            outbox => new DocumentConnection<CollabServerFrame>(ConnectionIds.New(), context.Caller(), outbox, frame => frame, services),
            DispatchAsync,
            DocumentFrames.Error,
            connection => new CollabServerFrame { Reconnect = DocumentFrames.ReconnectHint(connection.DocumentPositions(), server.Value.ReconnectRetryAfter) }),
            logger);

    private static Task DispatchAsync(CollabClientFrame command, DocumentConnection<CollabServerFrame> connection, CancellationToken cancellationToken) =>
        command.CommandCase switch
        {
            CollabClientFrame.CommandOneofCase.Open => connection.OpenAsync(command.Open, cancellationToken),
            CollabClientFrame.CommandOneofCase.Close => connection.CloseAsync(command.Close.DocumentId, cancellationToken),
            CollabClientFrame.CommandOneofCase.Edit => connection.SubmitAsync(command.Edit, cancellationToken),
            CollabClientFrame.CommandOneofCase.Cursor => connection.UpdateCursorAsync(command.Cursor),
            _ => throw CommandException.UnknownCommand(),
        };
}
