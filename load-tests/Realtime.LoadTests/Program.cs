using Realtime.LoadTests.Cli;

return await LoadCommands.Build().Parse(args).InvokeAsync();
