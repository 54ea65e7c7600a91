using Grpc.Core;
using Realtime.Protos.Common.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>
/// The people of an authorization test: the owner of a private topic, a member granted READER, a
/// member granted WRITER, a stranger, and an admin who is none of these.
/// </summary>
internal sealed class AccessCast(TestServer server)
{
    public string Owner { get; } = Ids.Unique("owner");

    public string Reader { get; } = Ids.Unique("reader");

    public string Writer { get; } = Ids.Unique("writer");

    public string Stranger { get; } = Ids.Unique("stranger");

    public string Admin { get; } = Ids.Unique("admin");

    public string Token(string user) => user == Admin ? server.Token(user, ["admin"]) : server.Token(user);

    public Metadata Headers(string user) => Auth.Headers(Token(user));

    /// <summary>Private, with the reader and the writer as members.</summary>
    public AccessPolicy PrivatePolicy() => new()
    {
        Visibility = Visibility.Private,
        Members =
        {
            new AccessGrant { UserId = Reader, Role = AccessRole.Reader },
            new AccessGrant { UserId = Writer, Role = AccessRole.Writer },
        },
    };

    public static async Task<StatusCode> StatusOf(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException ex)
        {
            return ex.StatusCode;
        }
    }
}
