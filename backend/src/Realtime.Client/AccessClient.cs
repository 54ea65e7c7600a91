using Grpc.Core;
using Grpc.Net.Client;
using Realtime.Protos.Access.V1;
using Realtime.Protos.Common.V1;

namespace Realtime.Client;

/// <summary>
/// Who may do what in a room, document or game (realtime.access.v1.AccessService), over the same kind of
/// channel as the other clients: the current token on every call, several silos, reads retried.
/// </summary>
public sealed class AccessClient : IDisposable
{
    private readonly RealtimeClientOptions _options;
    private readonly GrpcChannel _channel;
    private readonly AccessService.AccessServiceClient _api;

    public AccessClient(RealtimeClientOptions options)
    {
        _options = options;
        _channel = RealtimeChannels.Create(options);
        _api = new AccessService.AccessServiceClient(_channel);
    }

    /// <summary>The topic's policy and the caller's role in it (PermissionDenied without READER).</summary>
    public async Task<GetAccessResponse> GetAsync(TopicKind kind, string id, CancellationToken cancellationToken = default) =>
        await _api.GetAccessAsync(new GetAccessRequest { Topic = new TopicRef { Kind = kind, Id = id } }, await RealtimeChannels.CallOptionsAsync(_options, cancellationToken));

    /// <summary>
    /// Reads the policy, lets <paramref name="change"/> edit it and stores the result (owner or admin only);
    /// when someone else changed it in between (Aborted), reads it again and reapplies the change, at most
    /// <paramref name="attempts"/> times.
    /// </summary>
    public async Task<AccessPolicy> ChangeAsync(TopicKind kind, string id, Action<AccessPolicy> change, int attempts = 5, CancellationToken cancellationToken = default)
    {
        var topic = new TopicRef { Kind = kind, Id = id };
        for (var attempt = 1; ; attempt++)
        {
            var policy = (await GetAsync(kind, id, cancellationToken)).Policy;
            change(policy);
            try
            {
                var request = new UpdateAccessRequest { Topic = topic, Policy = policy };
                return (await _api.UpdateAccessAsync(request, await RealtimeChannels.CallOptionsAsync(_options, cancellationToken))).Policy;
            }
            catch (RpcException conflict) when (conflict.StatusCode == StatusCode.Aborted && attempt < attempts)
            {
                // Changed by someone else since it was read: start again from theirs.
            }
        }
    }

    /// <summary>
    /// Grants <paramref name="userId"/> <paramref name="role"/> in the topic (UNSPECIFIED removes the user's grant): the owner
    /// makes a room's moderator this way. A change made by someone else in between is read and kept.
    /// </summary>
    public Task<AccessPolicy> GrantAsync(TopicKind kind, string id, string userId, AccessRole role, CancellationToken cancellationToken = default) =>
        ChangeAsync(kind, id, policy =>
        {
            if (policy.Members.FirstOrDefault(grant => grant.UserId == userId) is { } granted)
            {
                policy.Members.Remove(granted);
            }
            if (role != AccessRole.Unspecified)
            {
                policy.Members.Add(new AccessGrant { UserId = userId, Role = role });
            }
        }, cancellationToken: cancellationToken);

    public void Dispose() => _channel.Dispose();
}
