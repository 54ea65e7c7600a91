using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

[Trait("Tier", "integration")]
public sealed class TlsTests
{
    [Fact]
    public async Task One_TLS_port_serves_native_gRPC_over_HTTP2_and_gRPC_Web_over_HTTP1()
    {
        using var certificates = new TestCertificates();
        var tlsPort = FreePorts.Next();
        await using var server = await TestServer.StartAsync(TlsSettings(certificates, tlsPort, "NoCertificate"));
        var address = new Uri($"https://127.0.0.1:{tlsPort}");
        var user = Ids.Unique("u");
        var room = Ids.Unique("room");

        using var native = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = certificates.Handler(null) });
        await using var stream = ChatStream.Open(native, server.Token(user));
        await stream.JoinAsync(room);
        await stream.SendAsync(room, "over TLS");
        Assert.Equal("over TLS", Assert.Single(await stream.MessagesAsync(room, 1)).Content);

        using var web = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, certificates.Handler(null)),
            HttpVersion = new Version(1, 1),
        });
        var page = await new ChatService.ChatServiceClient(web).ListMessagesAsync(new ListMessagesRequest { RoomId = room }, Auth.Headers(server.Token(user)));
        Assert.Equal("over TLS", Assert.Single(page.Messages).Content);
    }

    [Fact]
    public async Task With_client_certificates_required_only_clients_of_the_configured_authority_get_in()
    {
        using var certificates = new TestCertificates();
        var tlsPort = FreePorts.Next();
        await using var server = await TestServer.StartAsync(TlsSettings(certificates, tlsPort, "RequireCertificate"));
        var address = new Uri($"https://127.0.0.1:{tlsPort}");
        using var trusted = TestCertificates.Client(certificates.Authority, "trusted-client");
        using var strangerAuthority = TestCertificates.CreateAuthority("Someone Else's CA");
        using var stranger = TestCertificates.Client(strangerAuthority, "stranger");
        var request = new ListRoomsRequest();
        var headers = Auth.Headers(server.Token(Ids.Unique("u")));

        async Task<StatusCode> CallWith(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate)
        {
            using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = certificates.Handler(certificate) });
            try
            {
                await new ChatService.ChatServiceClient(channel).ListRoomsAsync(request, headers, deadline: DateTime.UtcNow.AddSeconds(10));
                return StatusCode.OK;
            }
            catch (RpcException refused)
            {
                return refused.StatusCode;
            }
        }

        // A refused client certificate breaks the connection; with TLS 1.3 the client may notice it during
        // the handshake (Unavailable) or only on its first request (Internal) — either way nothing gets in.
        StatusCode[] connectionRefused = [StatusCode.Unavailable, StatusCode.Internal];
        Assert.Equal(StatusCode.OK, await CallWith(trusted));
        Assert.Contains(await CallWith(null), connectionRefused);
        Assert.Contains(await CallWith(stranger), connectionRefused);
    }

    private static Dictionary<string, string?> TlsSettings(TestCertificates certificates, int port, string clientCertificates) => new()
    {
        ["Server:Tls:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Server:Tls:CertificatePath"] = certificates.ServerPfxPath,
        ["Server:Tls:Password"] = TestCertificates.ServerPfxPassword,
        ["Server:Tls:ClientCertificates"] = clientCertificates,
        ["Server:Tls:ClientCertificateAuthorityPath"] = certificates.AuthorityPemPath,
    };
}
