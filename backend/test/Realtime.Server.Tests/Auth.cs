using Grpc.Core;

namespace Realtime.Server.Tests;

internal static class Auth
{
    public static Metadata Headers(string token) => new() { { "authorization", $"Bearer {token}" } };
}
