using Microsoft.Extensions.Options;
using Realtime.Grains.Chat;
using Realtime.Protos.Server.V1;
using Realtime.Server.Chat;
using Realtime.Server.Validation;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Server.ServerApi;

/// <summary>The server API's requests, checked before anything is called; a message is checked as a member's send is.</summary>
public sealed class ServerApiValidator(ChatValidator chat, IOptions<ServerApiOptions> options, IOptions<ChatOptions> chatOptions)
{
    public void Publish(PublishMessageRequest request)
    {
        OnBehalfOf(request.OnBehalfOf);
        chat.Send(request.Send);
    }

    /// <summary>The author a server-API command names: empty (the application itself) or a user id.</summary>
    public static void OnBehalfOf(string onBehalfOf)
    {
        if (onBehalfOf.Length > ChatValidator.MaxUserIdLength || onBehalfOf.Any(char.IsControl))
        {
            CommandException.ThrowIfAny([new Violation("on_behalf_of", $"must be empty or a user id of 1-{ChatValidator.MaxUserIdLength} characters, no control characters")]);
        }
    }

    public void Batch(PublishMessagesRequest request) => Count("messages", request.Messages.Count);

    public void Rooms(GetRoomsRequest request) => Ids("room_ids", request.RoomIds);

    public void Documents(GetDocumentsRequest request) => Ids("document_ids", request.DocumentIds);

    public void Games(GetGamesRequest request) => Ids("game_ids", request.GameIds);

    /// <summary>A batch read's ids: at most ServerApi:MaxBatch, each a valid id, violations named "field[i]".</summary>
    private void Ids(string field, Google.Protobuf.Collections.RepeatedField<string> ids)
    {
        Count(field, ids.Count);
        CommandException.ThrowIfAny([.. ids
            .Select((id, i) => (id, i))
            .Where(entry => !Identifiers.IsValid(entry.id))
            .Select(entry => new Violation($"{field}[{entry.i}]", Identifiers.Rule))]);
    }

    public void Remove(RemoveUserRequest request)
    {
        var violations = new List<Violation>();
        if (!Identifiers.IsValid(request.RoomId))
        {
            violations.Add(new Violation("room_id", Identifiers.Rule));
        }
        if (request.UserId.Length is 0 or > ChatValidator.MaxUserIdLength || request.UserId.Any(char.IsControl))
        {
            violations.Add(new Violation("user_id", $"must be 1-{ChatValidator.MaxUserIdLength} characters, no control characters"));
        }
        if (request.Reason.Length > ChatValidator.MaxBanReasonLength)
        {
            violations.Add(new Violation("reason", $"must be at most {ChatValidator.MaxBanReasonLength} characters"));
        }
        if (!(request.BlockFor?.ToTimeSpan() is { } blockFor && blockFor >= TimeSpan.FromSeconds(1) && blockFor <= ChatValidator.MaxBan))
        {
            violations.Add(new Violation("block_for", $"must be from 1 second to {ChatValidator.MaxBan.TotalDays:0} days"));
        }
        var maxKey = chatOptions.Value.MaxClientMessageIdLength;
        if (request.IdempotencyKey.Length == 0 || request.IdempotencyKey.Length > maxKey)
        {
            violations.Add(new Violation("idempotency_key", $"must be 1-{maxKey} characters"));
        }
        CommandException.ThrowIfAny(violations);
    }

    private void Count(string field, int count)
    {
        if (count < 1 || count > options.Value.MaxBatch)
        {
            CommandException.ThrowIfAny([new Violation(field, $"must name 1-{options.Value.MaxBatch} entries")]);
        }
    }
}
