using System.CommandLine;
using Realtime.CommandLine;

namespace Realtime.Cli;

/// <summary>realtime-chat's command line: options only; --help prints them and never connects.</summary>
public static class ChatCommandLine
{
    public static RootCommand Build()
    {
        var user = new Option<string>("--user") { Description = "Who to be (a development token is fetched for this name)", DefaultValueFactory = _ => Environment.UserName };
        var room = new Option<string>("--room") { Description = "The room to join", DefaultValueFactory = _ => "lobby" };
        var server = new Option<Uri>("--server") { CustomParser = AbsoluteUris.Parse, Description = "The server's native gRPC address", DefaultValueFactory = _ => new Uri("http://127.0.0.1:5080") };
        var web = new Option<Uri>("--web") { CustomParser = AbsoluteUris.Parse, Description = "The server's web address, for development tokens", DefaultValueFactory = _ => new Uri("http://127.0.0.1:5081") };
        var token = new Option<string?>("--token") { Description = "A bearer token to use instead of development tokens" };
        var history = new Option<int>("--history") { Description = "Recent messages shown on joining (0-100)", DefaultValueFactory = _ => 20 };
        history.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 100)
            {
                result.AddError("--history must be 0-100.");
            }
        });
        var command = new RootCommand("Chat in a room from the terminal: lines typed are sent, everything the room says is printed; the client rides through reconnects.");
        foreach (var option in new Option[] { user, room, server, web, token, history })
        {
            command.Options.Add(option);
        }
        command.SetAction((result, _) => TerminalChat.RunAsync(new CliArguments(
            result.GetValue(user)!,
            result.GetValue(room)!,
            result.GetValue(server)!,
            result.GetValue(web)!,
            result.GetValue(token),
            result.GetValue(history))));
        return command;
    }
}
