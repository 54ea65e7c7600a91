using Grpc.Core;
using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>Sends that reach a room together (one run, one grain call) are each stored or refused on their own.</summary>
[Trait("Tier", "integration")]
[Collection(ServerCollection.Name)]
public sealed class SendRunTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task A_send_the_room_refuses_among_others_sent_at_once_refuses_only_itself_and_the_others_are_acked_once()
    {
        var room = Ids.Unique("room");
        var owner = Ids.Unique("owner");
        await using var ownerStream = ChatStream.Open(Server.NativeChannel(), Server.Token(owner));
        await ownerStream.JoinAsync(room);
        await new ChatService.ChatServiceClient(Server.NativeChannel()).ModerateRoomAsync(
            new ModerateRoomRequest { RoomId = room, Links = new LinkRules { Policy = LinkPolicy.Blocked } }, Auth.Headers(Server.Token(owner)));
        await using var member = ChatStream.Open(Server.NativeChannel(), Server.Token(Ids.Unique("member")));
        await member.JoinAsync(room);

        // Written without waiting for answers: the stream reads them as one run for the room.
        await member.SendAsync(room, "hello", "s1");
        await member.SendAsync(room, "see https://example.com", "s2");
        await member.SendAsync(room, "bye", "s3");

        var acks = new[] { await member.AckAsync("s1"), await member.AckAsync("s3") };
        var refused = await member.ErrorAsync(e => e.ClientMessageId == "s2", "the link refused");
        Assert.Equal(((int)StatusCode.InvalidArgument, "content"), (refused.Error.Code, Assert.Single(refused.Error.FieldViolations).Field));
        Assert.Equal(acks[0].Offset + 1, acks[1].Offset);
        Assert.Equal(["hello", "bye"], (await ownerStream.MessagesAsync(room, 2)).Select(m => m.Content));
        Assert.DoesNotContain(member.Frames, f => f.Error?.ClientMessageId is "s1" or "s3");
    }
}
