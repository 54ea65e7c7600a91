using System.Security.Cryptography;
using Grpc.Core;
using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>Tokens from outside: an OpenID Connect authority's (keys from its JWKS), and ones checked against configured public keys.</summary>
[Trait("Tier", "integration")]
public sealed class ExternalTokenTests
{
    [Fact]
    public async Task With_an_authority_its_tokens_get_in_and_forged_misaddressed_or_foreign_ones_do_not()
    {
        await using var authority = await OidcProvider.StartAsync();
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:Authority"] = authority.Issuer,
            ["Auth:RequireHttpsMetadata"] = "false",
            ["Auth:SigningKey"] = "",
            ["Auth:DevelopmentTokens"] = "false",
        });
        using var forger = RSA.Create(2048);
        var user = Ids.Unique("oidc-user");
        var room = Ids.Unique("room");

        await using var stream = ChatStream.Open(server.NativeChannel(), authority.Token(user));
        await stream.JoinAsync(room);
        await stream.SendAsync(room, "signed by the authority");
        Assert.Equal(user, Assert.Single(await stream.MessagesAsync(room, 1)).SenderId);

        Assert.Equal(StatusCode.Unauthenticated, await ListRoomsAsync(server, authority.Token(user, otherKey: forger)));
        Assert.Equal(StatusCode.Unauthenticated, await ListRoomsAsync(server, authority.Token(user, audience: "someone-else")));
        Assert.Equal(StatusCode.Unauthenticated, await ListRoomsAsync(server, authority.Token(user, issuer: "realtime")));
        Assert.Equal(StatusCode.OK, await ListRoomsAsync(server, authority.Token(user)));
    }

    [Fact]
    public async Task With_a_configured_public_key_tokens_it_verifies_get_in_and_others_do_not()
    {
        await using var issuer = await OidcProvider.StartAsync();
        var keyFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(keyFile, issuer.PublicKeyPem());
        try
        {
            await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
            {
                ["Auth:Issuer"] = issuer.Issuer,
                ["Auth:PublicKeyPaths:0"] = keyFile,
            });
            using var forger = RSA.Create(2048);

            Assert.Equal(StatusCode.OK, await ListRoomsAsync(server, issuer.Token(Ids.Unique("u"))));
            Assert.Equal(StatusCode.Unauthenticated, await ListRoomsAsync(server, issuer.Token(Ids.Unique("u"), otherKey: forger)));
            // The configured HMAC key is still trusted beside the public key (the development issuer signs with it).
            Assert.Equal(StatusCode.OK, await ListRoomsAsync(server, server.Token(Ids.Unique("u"))));
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    private static async Task<StatusCode> ListRoomsAsync(TestServer server, string token)
    {
        try
        {
            await new ChatService.ChatServiceClient(server.NativeChannel()).ListRoomsAsync(new ListRoomsRequest(), Auth.Headers(token));
            return StatusCode.OK;
        }
        catch (RpcException refused)
        {
            return refused.StatusCode;
        }
    }
}
