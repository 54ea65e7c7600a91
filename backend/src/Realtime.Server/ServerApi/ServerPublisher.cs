using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Server.V1;
using Realtime.Server.Chat;
using Realtime.Server.Errors;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Server.ServerApi;

/// <summary>
/// Messages the application's backend publishes: stored by the room like a member's send, as the user it posts
/// for or as the application (no sender), with the principal as posted_by. The idempotency key is the send's
/// client id, kept apart per principal (<see cref="ServerIdempotency"/>).
/// </summary>
public sealed class ServerPublisher(IGrainFactory grains, ServerApiValidator validator)
{
    public async Task<MessageAck> PublishAsync(PublishMessageRequest request, string principal)
    {
        validator.Publish(request);
        var send = request.Send;
        var draft = ChatFrames.Draft(send) with { ClientMessageId = ServerIdempotency.Send(principal, send.ClientMessageId), PostedBy = principal };
        // The backend is trusted with the room owner's rights; the sender is who it posts for, or nobody.
        var author = ServerPrincipal.ActingFor(request.OnBehalfOf);
        var result = await grains.GetGrain<IChatRoomGrain>(send.RoomId).SendAsync(author, draft);
        return ChatFrames.Ack(send.RoomId, send.ClientMessageId, result);
    }

    /// <summary>Each message stored or refused on its own; those to one room one after another in request order, rooms side by side.</summary>
    public async Task<PublishMessagesResponse> PublishManyAsync(PublishMessagesRequest request, string principal)
    {
        validator.Batch(request);
        var outcomes = new PublishOutcome[request.Messages.Count];
        var byRoom = request.Messages.Select((message, i) => (message, i)).GroupBy(item => item.message.Send?.RoomId ?? "", StringComparer.Ordinal);
        await Task.WhenAll(byRoom.Select(async room =>
        {
            foreach (var (message, i) in room)
            {
                outcomes[i] = await OutcomeAsync(message, i, principal);
            }
        }));
        var response = new PublishMessagesResponse();
        response.Outcomes.AddRange(outcomes);
        return response;
    }

    private async Task<PublishOutcome> OutcomeAsync(PublishMessageRequest message, int index, string principal)
    {
        try
        {
            return new PublishOutcome { Ack = await PublishAsync(message, principal) };
        }
        catch (Exception exception) when (Refusal(exception, $"messages[{index}].") is { } refusal)
        {
            return new PublishOutcome { Error = refusal.ToErrorDetail() };
        }
    }

    /// <summary>What one message of a batch gets instead of an ack; null for what should fail the whole call (a bug: Internal).</summary>
    private static CommandException? Refusal(Exception exception, string fieldPrefix) => exception switch
    {
        CommandException refused => refused.Nested(fieldPrefix),
        TopicException refusal => TopicErrors.ToCommandException(refusal, field => $"{fieldPrefix}send.{field}"),
        _ => InfrastructureFailures.ToCommandException(exception),
    };
}
