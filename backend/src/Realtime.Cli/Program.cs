using Realtime.Cli;

return await TerminalChat.RunAsync(CliArguments.Parse(args));
