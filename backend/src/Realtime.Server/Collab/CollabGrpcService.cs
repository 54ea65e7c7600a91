using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Realtime.Protos.Collab.V1;
using Realtime.Server.Auth;
using Realtime.Server.Sessions;

namespace Realtime.Server.Collab;

/// <summary>The CollaborationService edge: identity from the token, then straight to the handler that owns the call.</summary>
[Authorize]
public sealed class CollabGrpcService(CollabStreamHandler streams, CollabQueries queries, SessionRegistry sessions) : CollaborationService.CollaborationServiceBase
{
    public override Task Collaborate(IAsyncStreamReader<CollabClientFrame> requestStream, IServerStreamWriter<CollabServerFrame> responseStream, ServerCallContext context) =>
        streams.RunAsync(requestStream, responseStream, context);

    public override Task<CreateDocumentResponse> CreateDocument(CreateDocumentRequest request, ServerCallContext context) =>
        queries.CreateAsync(request, context.UserId());

    public override Task<GetDocumentResponse> GetDocument(GetDocumentRequest request, ServerCallContext context) => queries.GetAsync(request);

    public override Task<ListDocumentsResponse> ListDocuments(ListDocumentsRequest request, ServerCallContext context) => queries.ListAsync(request);

    public override Task<GetDocumentHistoryResponse> GetDocumentHistory(GetDocumentHistoryRequest request, ServerCallContext context) =>
        queries.HistoryAsync(request);

    public override async Task<OpenDocumentInSessionResponse> OpenDocumentInSession(OpenDocumentInSessionRequest request, ServerCallContext context) =>
        new() { Opened = await sessions.Session(request.SessionId, context.UserId()).Documents.OpenAsync(request.Open, context.CancellationToken) };

    public override async Task<CloseDocumentInSessionResponse> CloseDocumentInSession(CloseDocumentInSessionRequest request, ServerCallContext context)
    {
        await sessions.Session(request.SessionId, context.UserId()).Documents.CloseAsync(request.DocumentId, context.CancellationToken);
        return new CloseDocumentInSessionResponse();
    }

    public override async Task<SubmitEditInSessionResponse> SubmitEditInSession(SubmitEditInSessionRequest request, ServerCallContext context) =>
        new() { Ack = await sessions.Session(request.SessionId, context.UserId()).Documents.SubmitAsync(request.Edit, context.CancellationToken) };

    public override async Task<UpdateCursorInSessionResponse> UpdateCursorInSession(UpdateCursorInSessionRequest request, ServerCallContext context)
    {
        await sessions.Session(request.SessionId, context.UserId()).Documents.UpdateCursorAsync(request.Cursor);
        return new UpdateCursorInSessionResponse();
    }
}
