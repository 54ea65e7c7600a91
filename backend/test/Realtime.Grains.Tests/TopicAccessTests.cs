using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;

namespace Realtime.Grains.Tests;

[Trait("Tier", "unit")]
public sealed class TopicAccessTests
{
    private static readonly TopicAccess Private = new(
        "owner",
        true,
        AccessRole.Writer,
        new Dictionary<string, AccessRole> { ["reader"] = AccessRole.Reader, ["writer"] = AccessRole.Writer },
        3);

    private static Caller User(string id) => new(id, false);

    [Fact]
    public void Roles_come_from_ownership_membership_admin_rights_and_visibility()
    {
        var publicReadOnly = Private with { Private = false, PublicRole = AccessRole.Reader };

        Assert.Equal(AccessRole.Owner, Private.RoleOf(User("owner")));
        Assert.Equal(AccessRole.Reader, Private.RoleOf(User("reader")));
        Assert.Equal(AccessRole.Writer, Private.RoleOf(User("writer")));
        Assert.Equal(AccessRole.None, Private.RoleOf(User("stranger")));
        Assert.Equal(AccessRole.Owner, Private.RoleOf(new Caller("stranger", true)));
        Assert.Equal(AccessRole.Reader, publicReadOnly.RoleOf(User("stranger")));
        Assert.Equal(AccessRole.Writer, publicReadOnly.RoleOf(User("writer")));
        Assert.Equal(AccessRole.Writer, TopicAccess.Public("someone").RoleOf(User("stranger")));
    }

    [Fact]
    public void Demand_refuses_what_the_role_does_not_allow_and_names_the_caller()
    {
        Private.Demand(User("reader"), AccessRole.Reader, "read");

        var denied = Assert.Throws<TopicException>(() => Private.Demand(User("reader"), AccessRole.Writer, "post in room 'r'"));

        Assert.Equal((TopicErrorKind.Denied, "'reader' may not post in room 'r'."), (denied.Kind, denied.Message));
    }

    [Fact]
    public void Only_the_owner_or_an_admin_replaces_the_current_version_and_an_empty_owner_keeps_the_owner()
    {
        var next = Private with { Private = false, OwnerId = "" };

        var byOwner = Private.ReplacedBy(User("owner"), next, "room 'r'");
        var byAdmin = Private.ReplacedBy(new Caller("ops", true), next with { OwnerId = "writer" }, "room 'r'");

        Assert.Equal(("owner", false, 4L), (byOwner.OwnerId, byOwner.Private, byOwner.Version));
        Assert.Equal(("writer", 4L), (byAdmin.OwnerId, byAdmin.Version));
        Assert.Equal(TopicErrorKind.Denied, Assert.Throws<TopicException>(() => Private.ReplacedBy(User("writer"), next, "room 'r'")).Kind);
        Assert.Equal(TopicErrorKind.Conflict, Assert.Throws<TopicException>(() => Private.ReplacedBy(User("owner"), next with { Version = 2 }, "room 'r'")).Kind);
    }

    [Fact]
    public void Lowered_names_exactly_the_users_whose_own_role_drops()
    {
        var demoted = Private with
        {
            Members = new Dictionary<string, AccessRole> { ["reader"] = AccessRole.Reader, ["writer"] = AccessRole.Reader },
        };
        var opened = Private with { Private = false, PublicRole = AccessRole.Reader };
        var moderated = Private.WithGrant("writer", AccessRole.Moderator);

        Assert.Equal(["writer"], Private.Lowered(demoted, ["owner", "reader", "writer", "stranger"]));
        Assert.Equal(["writer"], TopicAccess.Public("owner").Lowered(Private with { Members = demoted.Members }, ["owner", "writer"]));
        Assert.Empty(Private.Lowered(opened, ["owner", "reader", "writer", "stranger"]));
        Assert.Equal(["stranger"], opened.Lowered(Private, ["reader", "stranger"]));
        Assert.Empty(moderated.Lowered(Private, ["writer"]));
        Assert.Equal(["writer"], moderated.Lowered(demoted, ["writer"]));
    }
}
