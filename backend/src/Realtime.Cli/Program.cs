using Realtime.Cli;

return await ChatCommandLine.Build().Parse(args).InvokeAsync();
