namespace Realtime.Cli;

/// <summary>realtime-chat --user NAME [--room ROOM] [--server http://127.0.0.1:5080] [--web http://127.0.0.1:5081] [--token JWT]</summary>
public sealed record CliArguments(string User, string Room, Uri Server, Uri Web, string? Token)
{
    public static CliArguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }
        return new CliArguments(
            values.GetValueOrDefault("user") ?? Environment.UserName,
            values.GetValueOrDefault("room") ?? "lobby",
            new Uri(values.GetValueOrDefault("server") ?? "http://127.0.0.1:5080"),
            new Uri(values.GetValueOrDefault("web") ?? "http://127.0.0.1:5081"),
            values.GetValueOrDefault("token"));
    }
}
