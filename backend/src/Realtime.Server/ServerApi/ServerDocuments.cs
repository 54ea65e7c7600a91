using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Documents;
using Realtime.Protos.Server.V1;
using Realtime.Server.Documents;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Server.ServerApi;

/// <summary>
/// Edits the application's backend makes to documents: applied by the document like a collaborator's (transformed,
/// the next revision, acked once durable), as the user it edits for or as the application, with the principal as
/// posted_by. The idempotency key is the edit's client id, kept apart per principal (<see cref="ServerIdempotency"/>).
/// </summary>
public sealed class ServerDocuments(IGrainFactory grains, DocumentValidator validator)
{
    public async Task<EditDocumentResponse> EditAsync(EditDocumentRequest request, string principal)
    {
        ServerApiValidator.OnBehalfOf(request.OnBehalfOf);
        // The backend is trusted with the document owner's rights; the author is who it edits for, or nobody.
        var author = ServerPrincipal.ActingFor(request.OnBehalfOf);
        var submitted = request.Edit;
        var edit = validator.Edit(submitted, author) with { ClientEditId = ServerIdempotency.Edit(principal, submitted.ClientEditId), PostedBy = principal };
        EditResult result;
        try
        {
            result = await grains.GetGrain<IDocumentGrain>(submitted.DocumentId).SubmitAsync(edit);
        }
        catch (TopicException refusal)
        {
            throw TopicErrors.ToCommandException(refusal, field => DocumentFrames.EditField(submitted, field));
        }
        return new EditDocumentResponse { Ack = DocumentFrames.Ack(submitted.DocumentId, submitted.ClientEditId, result) };
    }
}
