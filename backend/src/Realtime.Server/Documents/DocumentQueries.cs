using Grpc.Core;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Documents;
using Realtime.Protos.Collab.V1;
using Realtime.Server.Access;
using Realtime.Server.Queries;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Streams;
using Realtime.Streaming.Grpc.Wire;

namespace Realtime.Server.Documents;

/// <summary>The unary document calls: create, read (at a revision), list, history; each answers only what the caller's role allows.</summary>
/// <remarks>A document's calls are made as the caller its kind's join callout admits (<see cref="IJoinAdmission"/>), like an open.</remarks>
public sealed class DocumentQueries(IGrainFactory grains, DocumentValidator validator, AccessPolicies policies, TopicPages pages, IJoinAdmission admission)
{
    public async Task<CreateDocumentResponse> CreateAsync(CreateDocumentRequest request, Caller caller)
    {
        validator.Create(request);
        var access = policies.ForCreate(request.Access, caller.UserId, "access");
        var title = request.Title.Length > 0 ? request.Title : request.DocumentId;
        var info = await Document(request.DocumentId).CreateAsync(title, caller.UserId, request.InitialContent, access);
        return new CreateDocumentResponse { Document = DocumentFrames.Document(info, caller) };
    }

    public async Task<GetDocumentResponse> GetAsync(GetDocumentRequest request, Caller caller)
    {
        validator.Document("document_id", request.DocumentId);
        if (request.Revision < 0)
        {
            throw CommandException.Invalid([new Violation("revision", "must not be negative (0 means the latest)")]);
        }
        caller = await InDocumentAsync(caller, request.DocumentId);
        var info = await ReadableAsync(request.DocumentId, caller);
        var content = await Document(request.DocumentId).ReadContentAsync(request.Revision);
        return new GetDocumentResponse
        {
            Document = DocumentFrames.Document(info, caller),
            Snapshot = new DocumentSnapshot { DocumentId = info.DocumentId, Epoch = content.Epoch, Revision = content.Revision, Content = content.Text },
        };
    }

    /// <summary>
    /// The documents the caller may read, in id order; a page may hold fewer than its size when documents
    /// are hidden. A document's length is the one its listing was last written with (see DocumentGrain).
    /// </summary>
    public async Task<ListDocumentsResponse> ListAsync(ListDocumentsRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var page = await pages.ReadAsync<DocumentInfo>(Topics.DocumentKind, PageSizes.Listing.Of(request.PageSize), request.PageToken, caller, cancellationToken);
        var response = new ListDocumentsResponse { NextPageToken = page.NextPageToken };
        foreach (var (info, lastOffset) in page.Topics)
        {
            var document = DocumentFrames.Document(info, caller);
            document.Position.Offset = lastOffset;
            response.Documents.Add(document);
        }
        return response;
    }

    public async Task<GetDocumentHistoryResponse> HistoryAsync(GetDocumentHistoryRequest request, Caller caller, CancellationToken cancellationToken)
    {
        validator.Document("document_id", request.DocumentId);
        var pageSize = PageSizes.History.Of(request.PageSize);
        if (request.FromRevision < 0 || request.ToRevision < 0)
        {
            throw CommandException.Invalid([new Violation(request.FromRevision < 0 ? "from_revision" : "to_revision", "must not be negative")]);
        }
        caller = await InDocumentAsync(caller, request.DocumentId, cancellationToken);
        var info = await ReadableAsync(request.DocumentId, caller);
        var to = request.ToRevision == 0 ? info.Revision : Math.Min(request.ToRevision, info.Revision);
        var (epoch, after) = PageTokens.Position(request.PageToken) ?? (info.Epoch, request.FromRevision);
        if (!string.Equals(epoch, info.Epoch, StringComparison.Ordinal))
        {
            throw new CommandException(StatusCode.FailedPrecondition, "The document's history was reset since this page token was issued; start again without one.");
        }
        var page = await Document(request.DocumentId).ReadAfterAsync(after, (int)Math.Min(pageSize, Math.Max(0, to - after)), cancellationToken);
        if (after + 1 < page.FirstOffset && after < to)
        {
            throw new CommandException(StatusCode.FailedPrecondition, $"Revision {after} is older than the retained log (from {page.FirstOffset - 1}).");
        }
        var response = new GetDocumentHistoryResponse();
        response.Edits.AddRange(page.Events.Select(e => e.DecodedFrame(CollabServerFrame.Parser).Edit));
        var last = page.Events.Length > 0 ? page.Events[^1].Offset : to;
        response.NextPageToken = last < to ? PageTokens.ForPosition(page.Epoch, last) : "";
        return response;
    }

    private async Task<Caller> InDocumentAsync(Caller caller, string documentId, CancellationToken cancellationToken = default) =>
        (await admission.AdmitAsync(caller, Topics.Document(documentId), JoinActions.Open, cancellationToken)).Caller;

    private Task<DocumentInfo> ReadableAsync(string documentId, Caller caller) => ReadableTopics.DemandAsync(Document(documentId).GetAsync(), caller, "document", documentId);

    private IDocumentGrain Document(string documentId) => grains.GetGrain<IDocumentGrain>(documentId);
}
