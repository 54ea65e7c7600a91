using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

[Trait("Tier", "integration")]
[Collection(ServerCollection.Name)]
public sealed class AuthTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task ChatStream_WithoutToken_IsUnauthenticated()
    {
        await using var stream = ChatStream.Open(Server.NativeChannel(), token: null);
        await Eventually.TrueAsync(() => stream.Ended, "stream refused");
        Assert.Equal(StatusCode.Unauthenticated, stream.Failure?.StatusCode);
    }

    [Fact]
    public async Task Calls_WithATokenSignedByAnotherKey_AreUnauthenticated()
    {
        var forged = ForgedToken("mallory");
        var client = new ChatService.ChatServiceClient(Server.NativeChannel());

        var unary = await Assert.ThrowsAsync<RpcException>(() => client.ListRoomsAsync(new ListRoomsRequest(), Auth.Headers(forged)).ResponseAsync);
        await using var stream = ChatStream.Open(Server.NativeChannel(), forged);
        await Eventually.TrueAsync(() => stream.Ended, "stream refused");

        Assert.Equal(StatusCode.Unauthenticated, unary.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, stream.Failure?.StatusCode);
    }

    [Fact]
    public async Task SenderField_ForgedIntoASendFrame_HasNoEffect()
    {
        var room = Ids.Unique("room");
        var honest = Ids.Unique("honest");
        await using var stream = ChatStream.Open(Server.NativeChannel(), Server.Token(honest));
        await stream.JoinAsync(room);
        var send = new SendMessage { RoomId = room, ClientMessageId = "forged", Content = "hi" };
        // Field 4 is sender_id in ChatMessage: a client hoping the server copies fields through.
        var bytes = send.ToByteArray().Concat(new byte[] { 0x22, 7 }).Concat("mallory"u8.ToArray()).ToArray();
        var tampered = SendMessage.Parser.ParseFrom(bytes);

        await stream.WriteAsync(new ChatClientFrame { Send = tampered });

        var message = (await stream.MessagesAsync(room, 1)).Single();
        Assert.Equal(honest, message.SenderId);
    }

    [Fact]
    public async Task Health_AndReflection_NeedNoToken()
    {
        var channel = Server.NativeChannel();
        var health = await new Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        var chatHealth = await new Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = ChatService.Descriptor.FullName });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, chatHealth.Status);

        using var reflection = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        await reflection.RequestStream.WriteAsync(new Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = "" });
        await reflection.RequestStream.CompleteAsync();
        Assert.True(await reflection.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Contains(reflection.ResponseStream.Current.ListServicesResponse.Service, s => s.Name == ChatService.Descriptor.FullName);
    }

    private static string ForgedToken(string user)
    {
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
        var key = new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        return handler.CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = "realtime",
            Audience = "realtime",
            Claims = new Dictionary<string, object> { ["sub"] = user },
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(key, "HS256"),
        });
    }
}
