using System.CommandLine;
using Realtime.CommandLine;

namespace Realtime.AdminCli;

/// <summary>The options every command takes: where the cluster is, who asks, how to print.</summary>
public sealed class AdminOptions
{
    public Option<Uri> Server { get; } = new("--server") { CustomParser = AbsoluteUris.Parse, Description = "A silo's (or the balancer's) native gRPC address", DefaultValueFactory = _ => new Uri("http://127.0.0.1:5080"), Recursive = true };

    public Option<Uri> Web { get; } = new("--web") { CustomParser = AbsoluteUris.Parse, Description = "The web address development tokens come from", DefaultValueFactory = _ => new Uri("http://127.0.0.1:5081"), Recursive = true };

    public Option<string?> Token { get; } = new("--token") { Description = "A bearer token with the admin role (else a development token is fetched)", Recursive = true };

    public Option<string> User { get; } = new("--user") { Description = "The operator's name in a development token", DefaultValueFactory = _ => "operator", Recursive = true };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the answer as JSON instead of a table", Recursive = true };

    public IEnumerable<Option> All => [Server, Web, Token, User, Json];
}
