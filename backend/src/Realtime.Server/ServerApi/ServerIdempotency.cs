namespace Realtime.Server.ServerApi;

/// <summary>
/// The ids a room remembers the server API's commands by: the caller's key, scoped by principal and by kind of
/// command, so two backends, or a publish and a removal with the same key, never take each other's retries for
/// their own (a room remembers a command by author and id, and the application's own author is nobody).
/// </summary>
public static class ServerIdempotency
{
    public static string Send(string principal, string key) => $"{principal}:send:{key}";

    public static string Removal(string principal, string key) => $"{principal}:remove:{key}";

    public static string Edit(string principal, string key) => $"{principal}:edit:{key}";
}
