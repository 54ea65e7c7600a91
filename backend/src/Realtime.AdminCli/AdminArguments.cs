namespace Realtime.AdminCli;

/// <summary>
/// realtime-admin [--server URL] [--web URL] [--token JWT | --user NAME] [--json] COMMAND ARG…
/// Options may come anywhere; what is left, in order, is the command and its arguments.
/// </summary>
public sealed record AdminArguments(Uri Server, Uri Web, string? Token, string User, bool Json, IReadOnlyList<string> Command)
{
    public const string Usage = """
        usage: realtime-admin [--server http://127.0.0.1:5080] [--web http://127.0.0.1:5081] [--token JWT | --user NAME] [--json] COMMAND
          overview                      silos, their streams and topics, and the topics active in the cluster
          drain SILO                    reconnect hints to every stream of SILO; it turns new ones away and reports NOT_SERVING
          resume SILO                   SILO takes streams again
          shed SILO FRACTION            reconnect hints to FRACTION (0 < f <= 1) of SILO's streams
          inspect room|document|game ID one topic's position, presence and host
        Without --token a development token with the admin role is fetched from --web (Development only).
        """;

    public static AdminArguments? Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var command = new List<string>();
        var json = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--json")
            {
                json = true;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                options[args[i][2..]] = args[++i];
            }
            else
            {
                command.Add(args[i]);
            }
        }
        return command.Count == 0
            ? null
            : new AdminArguments(
                new Uri(options.GetValueOrDefault("server") ?? "http://127.0.0.1:5080"),
                new Uri(options.GetValueOrDefault("web") ?? "http://127.0.0.1:5081"),
                options.GetValueOrDefault("token"),
                options.GetValueOrDefault("user") ?? "operator",
                json,
                command);
    }
}
