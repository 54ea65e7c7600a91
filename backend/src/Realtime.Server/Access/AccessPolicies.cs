using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions.Access;
using Realtime.Protos.Common.V1;
using Realtime.Streaming.Grpc.Errors;
using WireRole = Realtime.Protos.Common.V1.AccessRole;

namespace Realtime.Server.Access;

/// <summary>Access policies between the wire and the grains: checked field by field on the way in.</summary>
public sealed class AccessPolicies(IOptions<AccessOptions> options)
{
    /// <summary>The policy a creator asks for (public, everyone WRITER, when absent); the creator owns it.</summary>
    public TopicAccess ForCreate(AccessPolicy? requested, string creatorId, string field) =>
        requested is null ? TopicAccess.Public(creatorId) : ToAccess(requested, field) with { OwnerId = creatorId, Version = 0 };

    /// <summary>The policy an update asks for, or InvalidArgument naming each broken field under <paramref name="field"/>.</summary>
    public TopicAccess ToAccess(AccessPolicy? policy, string field)
    {
        if (policy is null)
        {
            throw CommandException.Invalid([new Violation(field, "is required")]);
        }
        var limits = options.Value;
        var violations = new List<Violation>();
        if (policy.OwnerId.Length > limits.MaxUserIdLength || policy.OwnerId.Any(char.IsControl))
        {
            violations.Add(new Violation($"{field}.owner_id", UserIdRule(limits)));
        }
        if (policy.Visibility is not (Visibility.Unspecified or Visibility.Public or Visibility.Private))
        {
            violations.Add(new Violation($"{field}.visibility", "must be PUBLIC or PRIVATE"));
        }
        if (policy.PublicRole is not (WireRole.Unspecified or WireRole.Reader or WireRole.Writer))
        {
            violations.Add(new Violation($"{field}.public_role", "must be READER or WRITER"));
        }
        if (policy.Members.Count > limits.MaxMembers)
        {
            violations.Add(new Violation($"{field}.members", $"may list at most {limits.MaxMembers} members"));
        }
        var members = new Dictionary<string, Grains.Abstractions.Access.AccessRole>(StringComparer.Ordinal);
        for (var i = 0; i < policy.Members.Count && violations.Count < 20; i++)
        {
            var grant = policy.Members[i];
            if (grant.UserId.Length == 0 || grant.UserId.Length > limits.MaxUserIdLength || grant.UserId.Any(char.IsControl))
            {
                violations.Add(new Violation($"{field}.members[{i}].user_id", UserIdRule(limits)));
            }
            else if (!members.TryAdd(grant.UserId, ToRole(grant.Role)))
            {
                violations.Add(new Violation($"{field}.members[{i}].user_id", "names a user listed before"));
            }
            if (grant.Role is not (WireRole.Reader or WireRole.Writer or WireRole.Moderator or WireRole.Banned))
            {
                violations.Add(new Violation($"{field}.members[{i}].role", "must be READER, WRITER, MODERATOR or BANNED"));
            }
        }
        if (violations.Count > 0)
        {
            throw CommandException.Invalid(violations);
        }
        return new TopicAccess(
            policy.OwnerId,
            policy.Visibility == Visibility.Private,
            policy.PublicRole == WireRole.Reader ? Grains.Abstractions.Access.AccessRole.Reader : Grains.Abstractions.Access.AccessRole.Writer,
            members,
            policy.Version);
    }

    public static AccessPolicy ToWire(TopicAccess access)
    {
        var policy = new AccessPolicy
        {
            OwnerId = access.OwnerId,
            Visibility = VisibilityOf(access),
            PublicRole = ToWire(access.PublicRole),
            Version = access.Version,
        };
        policy.Members.AddRange(access.Members.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new AccessGrant { UserId = m.Key, Role = m.Value == Grains.Abstractions.Access.AccessRole.None ? WireRole.Banned : ToWire(m.Value) }));
        return policy;
    }

    public static Visibility VisibilityOf(TopicAccess access) => access.Private ? Visibility.Private : Visibility.Public;

    /// <summary>A caller's role on the wire (no access is UNSPECIFIED there; a ban shows only as a grant).</summary>
    public static WireRole ToWire(Grains.Abstractions.Access.AccessRole role) => role switch
    {
        Grains.Abstractions.Access.AccessRole.Reader => WireRole.Reader,
        Grains.Abstractions.Access.AccessRole.Writer => WireRole.Writer,
        Grains.Abstractions.Access.AccessRole.Moderator => WireRole.Moderator,
        Grains.Abstractions.Access.AccessRole.Owner => WireRole.Owner,
        _ => WireRole.Unspecified,
    };

    private static Grains.Abstractions.Access.AccessRole ToRole(WireRole role) => role switch
    {
        WireRole.Banned => Grains.Abstractions.Access.AccessRole.None,
        WireRole.Reader => Grains.Abstractions.Access.AccessRole.Reader,
        WireRole.Moderator => Grains.Abstractions.Access.AccessRole.Moderator,
        _ => Grains.Abstractions.Access.AccessRole.Writer,
    };

    private static string UserIdRule(AccessOptions limits) => $"must be 1-{limits.MaxUserIdLength} characters without control characters";
}
