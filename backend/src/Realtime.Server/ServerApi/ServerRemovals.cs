using Google.Protobuf.WellKnownTypes;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Protos.Common.V1;
using Realtime.Protos.Server.V1;
using Realtime.Server.Access;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Server.ServerApi;

/// <summary>A user removed from a room by the application's backend: a ban that lifts itself, then their streams out on every silo.</summary>
public sealed class ServerRemovals(IGrainFactory grains, ServerApiValidator validator, AccessRevocations revocations)
{
    public async Task<RemoveUserResponse> RemoveAsync(RemoveUserRequest request, string principal, CancellationToken cancellationToken)
    {
        validator.Remove(request);
        var blockFor = request.BlockFor.ToTimeSpan();
        var ban = new RoomModeration(RoomModerationKind.Ban, blockFor, request.UserId, request.Reason, CommandId: ServerIdempotency.Removal(principal, request.IdempotencyKey), PostedBy: principal);
        ChatSendResult result;
        try
        {
            result = await grains.GetGrain<IChatRoomGrain>(request.RoomId).ModerateAsync(ServerPrincipal.Application, ban);
        }
        catch (TopicException refusal)
        {
            // The room names the field as a ModerateRoom request has it ("ban.user_id"); this request calls it user_id.
            throw TopicErrors.ToCommandException(refusal, _ => "user_id");
        }
        // A retry revokes again too: the first attempt may have stored the ban and failed before every silo heard of it.
        await revocations.RevokeEverywhereAsync(Topics.Chat(request.RoomId), [request.UserId], cancellationToken);
        return new RemoveUserResponse
        {
            Position = new StreamPosition { Epoch = result.Epoch, Offset = result.Offset },
            BlockedUntil = Timestamp.FromDateTimeOffset(result.SentAt + blockFor),
            Duplicate = result.Duplicate,
        };
    }
}
