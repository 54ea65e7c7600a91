using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Realtime.Protos.Collab.V1;
using Realtime.Server.Sessions;
using Realtime.Streaming.Grpc.Identity;

namespace Realtime.Server.Collab;

/// <summary>The CollaborationService edge: identity from the token, then straight to the handler that owns the call.</summary>
[Authorize]
public sealed class CollabGrpcService(CollabStreamHandler streams, CollabQueries queries, SessionCommands commands) : CollaborationService.CollaborationServiceBase
{
    public override Task Collaborate(IAsyncStreamReader<CollabClientFrame> requestStream, IServerStreamWriter<CollabServerFrame> responseStream, ServerCallContext context) =>
        streams.RunAsync(requestStream, responseStream, context);

    public override Task<CreateDocumentResponse> CreateDocument(CreateDocumentRequest request, ServerCallContext context) =>
        queries.CreateAsync(request, context.Caller());

    public override Task<GetDocumentResponse> GetDocument(GetDocumentRequest request, ServerCallContext context) => queries.GetAsync(request, context.Caller());

    public override Task<ListDocumentsResponse> ListDocuments(ListDocumentsRequest request, ServerCallContext context) => queries.ListAsync(request, context.Caller());

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
}
