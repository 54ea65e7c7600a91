using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Realtime.Server.Hosting;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>Silo-to-silo traffic over mutual TLS: silos with certificates of the cluster's authority form one cluster; anyone else is refused at the handshake.</summary>
[Trait("Tier", "cluster")]
public sealed class SiloTlsTests(RedisFixture redis) : IClassFixture<RedisFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("realtime-silo-tls-").FullName;
    private readonly X509Certificate2 _authority = TestCertificates.CreateAuthority("Realtime Silo CA");
    private readonly X509Certificate2 _foreignAuthority = TestCertificates.CreateAuthority("Someone Else's CA");

    [Fact]
    public async Task Silos_with_the_clusters_certificates_talk_and_a_peer_without_one_is_refused()
    {
        var cluster = Ids.Unique("cluster");
        await using var first = await TestServer.StartAsync(Settings(cluster, "first"));
        await using var second = await TestServer.StartAsync(Settings(cluster, "second"));
        var room = Ids.Unique("room");
        await using var alice = ChatStream.Open(first.NativeChannel(), first.Token(Ids.Unique("alice")));
        await using var bob = ChatStream.Open(second.NativeChannel(), second.Token(Ids.Unique("bob")));
        await alice.JoinAsync(room);
        await bob.JoinAsync(room);
        // The room's grain lives on one of the two silos: the other silo's sends cross the TLS link.
        for (var i = 0; i < 10; i++)
        {
            await alice.SendAsync(room, $"a{i}");
            await bob.SendAsync(room, $"b{i}");
        }
        Assert.Equal(20, (await bob.MessagesAsync(room, 20)).Count);
        Assert.Equal(20, (await alice.MessagesAsync(room, 20)).Count);

        using var member = TestCertificates.Silo(_authority, "another silo");
        using var stranger = TestCertificates.Silo(_foreignAuthority, "not ours");
        Assert.True(await AcceptedAsync(first.Ports.Silo, member), "a peer with the cluster's certificate could not connect (the test cannot tell refusal apart)");
        Assert.False(await AcceptedAsync(first.Ports.Silo, stranger), "a peer with a foreign authority's certificate was accepted");
        Assert.False(await AcceptedAsync(first.Ports.Silo, null), "a peer without a certificate was accepted");
    }

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        _authority.Dispose();
        _foreignAuthority.Dispose();
    }

    private Dictionary<string, string?> Settings(string cluster, string name)
    {
        using var certificate = TestCertificates.Silo(_authority, name);
        var certificatePath = Path.Combine(_folder, $"{name}.pfx");
        File.WriteAllBytes(certificatePath, certificate.Export(X509ContentType.Pkcs12, "silo"));
        var authorityPath = Path.Combine(_folder, "ca.pem");
        File.WriteAllText(authorityPath, _authority.ExportCertificatePem());
        return new()
        {
            ["Cluster:RedisConnectionString"] = redis.ConnectionString,
            ["Cluster:ClusterId"] = cluster,
            ["Silo:Tls:CertificatePath"] = certificatePath,
            ["Silo:Tls:Password"] = "silo",
            ["Silo:Tls:AuthorityPath"] = authorityPath,
        };
    }

    /// <summary>
    /// Whether the silo accepts a peer presenting <paramref name="certificate"/>. A silo checks a peer's
    /// certificate after the TLS handshake and closes the connection if it refuses it; one it accepts
    /// sends its Orleans connection preamble at once. So: accepted if data arrives, refused if the
    /// connection closes or fails.
    /// </summary>
    private async Task<bool> AcceptedAsync(int port, X509Certificate2? certificate)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port).WaitAsync(TestTimeouts.Wait);
        await using var tls = new SslStream(tcp.GetStream());
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "127.0.0.1",
                ClientCertificates = certificate is null ? null : [certificate],
                RemoteCertificateValidationCallback = (_, server, _, _) =>
                    server is not null && CertificateFiles.ChainsTo(X509CertificateLoader.LoadCertificate(server.GetRawCertData()), _authority),
            }).WaitAsync(TestTimeouts.Wait);
            return await tls.ReadAsync(new byte[64]).AsTask().WaitAsync(TestTimeouts.Wait) > 0;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            return false;
        }
    }
}
