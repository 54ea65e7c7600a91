namespace Realtime.LoadTests;

/// <summary>
/// fanout|idle|collab [--streams N] [--messages N] [--streams-per-connection N] [--server http://127.0.0.1:5080]
/// [--web http://127.0.0.1:5081] [--server-pid PID] [--hold-seconds N] [--rate PER_S] [--editors N] [--seconds N]
/// </summary>
public sealed record LoadArguments(
    string Scenario,
    int Streams,
    int Messages,
    int StreamsPerConnection,
    Uri Server,
    Uri Web,
    int? ServerPid,
    int HoldSeconds,
    int Rate,
    int Editors,
    int Seconds)
{
    public static LoadArguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }
        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
        return new LoadArguments(
            args.Length > 0 ? args[0] : "fanout",
            Int("streams", 500),
            Int("messages", 2000),
            Int("streams-per-connection", 100),
            new Uri(values.GetValueOrDefault("server") ?? "http://127.0.0.1:5080"),
            new Uri(values.GetValueOrDefault("web") ?? "http://127.0.0.1:5081"),
            values.TryGetValue("server-pid", out var pid) ? int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture) : null,
            Int("hold-seconds", 5),
            Int("rate", 0),
            Int("editors", 10),
            Int("seconds", 10));
    }
}
