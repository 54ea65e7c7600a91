using Google.Rpc;
using Grpc.Core;
using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

[Trait("Tier", "integration")]
[Collection(ServerCollection.Name)]
public sealed class ValidationTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task BadCommands_GetPreciseErrors_TheStreamStaysOpen_AndOthersAreUnaffected()
    {
        var room = Ids.Unique("room");
        await using var bad = ChatStream.Open(Server.NativeChannel(), Server.Token(Ids.Unique("bad")));
        await using var good = ChatStream.Open(Server.NativeChannel(), Server.Token(Ids.Unique("good")));
        await bad.JoinAsync(room);
        await good.JoinAsync(room);

        await bad.SendAsync(room, "", "empty");
        await bad.SendAsync(room, new string('x', 17 * 1024), "huge");
        await bad.WriteAsync(new ChatClientFrame { Join = new JoinRoom { RoomId = "no spaces/or slashes" } });
        await bad.WriteAsync(new ChatClientFrame());
        await bad.SendAsync(Ids.Unique("other"), "not joined", "stray");
        await bad.SendAsync(room, "still works", "fine");

        var empty = await bad.ErrorAsync(e => e.ClientMessageId == "empty", "empty content error");
        var huge = await bad.ErrorAsync(e => e.ClientMessageId == "huge", "oversized content error");
        var malformed = await bad.ErrorAsync(e => e.Command == CommandKind.Join, "malformed room id error");
        var unknown = await bad.ErrorAsync(e => e.Command == CommandKind.Unspecified, "unknown frame error");
        var stray = await bad.ErrorAsync(e => e.ClientMessageId == "stray", "not joined error");
        Assert.Equal((int)StatusCode.InvalidArgument, empty.Error.Code);
        Assert.Contains(empty.Error.FieldViolations, v => v.Field == "send.content");
        Assert.Equal((int)StatusCode.ResourceExhausted, huge.Error.Code);
        Assert.Equal((int)StatusCode.InvalidArgument, malformed.Error.Code);
        Assert.Contains(malformed.Error.FieldViolations, v => v.Field == "join.room_id");
        Assert.Equal((int)StatusCode.InvalidArgument, unknown.Error.Code);
        Assert.Equal((int)StatusCode.FailedPrecondition, stray.Error.Code);

        var delivered = await good.MessagesAsync(room, 1);
        Assert.Equal("still works", delivered.Single().Content);
        Assert.Null(bad.Failure);
        Assert.Null(good.Failure);
    }

    [Fact]
    public async Task AFrameOverTheReceiveLimit_EndsOnlyThatStream_WithResourceExhausted()
    {
        var room = Ids.Unique("room");
        await using var flooder = ChatStream.Open(Server.NativeChannel(), Server.Token(Ids.Unique("flood")));
        await using var bystander = ChatStream.Open(Server.NativeChannel(), Server.Token(Ids.Unique("by")));
        await flooder.JoinAsync(room);
        await bystander.JoinAsync(room);

        try
        {
            await flooder.SendAsync(room, new string('x', 100 * 1024));
        }
        catch (RpcException)
        {
            // The server may already have ended the call while the frame was being written.
        }
        await Eventually.TrueAsync(() => flooder.Ended, "the oversized stream to end");
        await bystander.SendAsync(room, "unaffected");

        Assert.Equal(StatusCode.ResourceExhausted, flooder.Failure?.StatusCode);
        Assert.Equal("unaffected", (await bystander.MessagesAsync(room, 1)).Single().Content);
    }

    [Fact]
    public async Task UnaryCalls_WithBadFields_GetInvalidArgument_WithFieldViolations()
    {
        var client = new ChatService.ChatServiceClient(Server.NativeChannel());
        var headers = Auth.Headers(Server.Token(Ids.Unique("u")));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.CreateRoomAsync(new CreateRoomRequest { RoomId = "", DisplayName = new string('n', 500) }, headers).ResponseAsync);
        var pageSize = await Assert.ThrowsAsync<RpcException>(() => client.ListRoomsAsync(new ListRoomsRequest { PageSize = 1000 }, headers).ResponseAsync);
        var token = await Assert.ThrowsAsync<RpcException>(() => client.ListRoomsAsync(new ListRoomsRequest { PageToken = "%%%" }, headers).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field);
        Assert.Equal(["room_id", "display_name"], violations);
        Assert.Equal(StatusCode.InvalidArgument, pageSize.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, token.StatusCode);
    }
}
