namespace Realtime.Grains.Abstractions.Access;

/// <summary>
/// A topic's access policy, kept by the grain that owns the topic so that every join and command is
/// checked where it is applied. Admins and the owner hold <see cref="AccessRole.Owner"/>; members hold
/// their granted role; a stream a join callout admitted holds the role the callout gave; everyone else holds
/// <see cref="PublicRole"/> in a public topic and nothing in a private one.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TopicAccess(
    [property: Id(0)] string OwnerId,
    [property: Id(1)] bool Private,
    [property: Id(2)] AccessRole PublicRole,
    [property: Id(3)] IReadOnlyDictionary<string, AccessRole> Members,
    [property: Id(4)] long Version)
{
    /// <summary>A public topic where everyone may write: what a topic first used by a join gets, and what existed before policies.</summary>
    public static TopicAccess Public(string ownerId) => new(ownerId, false, AccessRole.Writer, new Dictionary<string, AccessRole>(), 0);

    /// <summary>
    /// The policy of a topic a join creates: public, owned by the joiner — unless the application's callout admitted the
    /// join, in which case the topic has no owner, so that the first to arrive does not outrank what the callout decides.
    /// </summary>
    public static TopicAccess CreatedByJoin(Caller joiner) => Public(joiner.AdmittedRole is null ? joiner.UserId : "");

    public AccessRole RoleOf(Caller caller)
    {
        if (caller.IsAdmin || string.Equals(caller.UserId, OwnerId, StringComparison.Ordinal))
        {
            return AccessRole.Owner;
        }
        if (Members.TryGetValue(caller.UserId, out var role))
        {
            return role;
        }
        if (caller.AdmittedRole is { } admitted)
        {
            // The application's callout decided this join: its role stands in for the public or private default,
            // while the topic's own grants (a ban, a moderator) keep theirs.
            return admitted;
        }
        return Private ? AccessRole.None : PublicRole;
    }

    /// <summary>Throws <see cref="TopicException"/> (<see cref="TopicErrorKind.Denied"/>) unless <paramref name="caller"/> holds at least <paramref name="required"/>.</summary>
    public void Demand(Caller caller, AccessRole required, string action)
    {
        if (RoleOf(caller) < required)
        {
            throw new TopicException(TopicErrorKind.Denied, $"'{caller.UserId}' may not {action}.");
        }
    }

    /// <summary>
    /// This policy replaced by <paramref name="next"/> on behalf of <paramref name="caller"/>: demands
    /// <see cref="AccessRole.Owner"/> and that <paramref name="next"/> was based on this version; an empty
    /// owner keeps the owner.
    /// </summary>
    public TopicAccess ReplacedBy(Caller caller, TopicAccess next, string topicName)
    {
        Demand(caller, AccessRole.Owner, $"change the access of {topicName}");
        if (next.Version != Version)
        {
            throw new TopicException(TopicErrorKind.Conflict, $"The access of {topicName} is at version {Version}, not {next.Version}; read it again and retry.");
        }
        return next with { OwnerId = next.OwnerId.Length > 0 ? next.OwnerId : OwnerId, Version = Version + 1 };
    }

    /// <summary>
    /// This policy with <paramref name="userId"/>'s grant set to <paramref name="role"/> (null removes it), as its next
    /// version: a room's moderation (a ban) changes one grant without the owner's right to change the policy.
    /// </summary>
    public TopicAccess WithGrant(string userId, AccessRole? role)
    {
        var members = new Dictionary<string, AccessRole>(Members, StringComparer.Ordinal);
        if (role is { } granted)
        {
            members[userId] = granted;
        }
        else
        {
            members.Remove(userId);
        }
        return this with { Members = members, Version = Version + 1 };
    }

    /// <summary>
    /// Those of <paramref name="users"/> whose own role (admin rights aside) is lower under <paramref name="next"/> as a stream holds
    /// it: reading or writing. A moderator or owner who stays a writer keeps their streams; each moderating action is checked as it comes.
    /// </summary>
    public string[] Lowered(TopicAccess next, IEnumerable<string> users) =>
        [.. users.Where(user => AsJoined(next.RoleOf(new Caller(user, false))) < AsJoined(RoleOf(new Caller(user, false))))];

    private static AccessRole AsJoined(AccessRole role) => role < AccessRole.Writer ? role : AccessRole.Writer;
}
