using Grpc.Core;
using Realtime.Protos.Common.V1;
using Realtime.Testing;

namespace Realtime.Client.Tests;

[Trait("Tier", "integration")]
public sealed class AccessClientTests
{
    [Fact]
    public async Task Concurrent_changes_by_the_owner_and_an_admin_all_land_and_a_member_changes_nothing()
    {
        await using var server = await TestServer.StartAsync();
        var owner = Ids.Unique("owner");
        var room = Ids.Unique("room");
        await using var chat = await TestClients.ChatAsync(server.GrpcAddress, server.Token(owner));
        await chat.CreateRoomAsync(room, "Team", new AccessPolicy { Visibility = Visibility.Private });
        using var byOwner = TestClients.Access(server.GrpcAddress, server.Token(owner));
        using var byAdmin = TestClients.Access(server.GrpcAddress, server.Token(Ids.Unique("ops"), ["admin"]));
        var members = Enumerable.Range(0, 6).Select(i => Ids.Unique($"member{i}")).ToArray();

        await Task.WhenAll(members.Select((member, i) => (i % 2 == 0 ? byOwner : byAdmin).ChangeAsync(
            TopicKind.ChatRoom, room, policy => policy.Members.Add(new AccessGrant { UserId = member, Role = AccessRole.Reader }), attempts: 20)));
        var final = await byOwner.GetAsync(TopicKind.ChatRoom, room);
        using var byMember = TestClients.Access(server.GrpcAddress, server.Token(members[0]));
        var denied = await Assert.ThrowsAsync<RpcException>(() => byMember.ChangeAsync(TopicKind.ChatRoom, room, policy => policy.Members.Clear()));

        Assert.Equal(members.Order(StringComparer.Ordinal), final.Policy.Members.Select(m => m.UserId));
        Assert.Equal(6L, final.Policy.Version);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal(AccessRole.Reader, (await byMember.GetAsync(TopicKind.ChatRoom, room)).CallerRole);
    }
}
