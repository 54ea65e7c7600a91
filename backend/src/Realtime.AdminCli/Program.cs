using Realtime.AdminCli;

return await AdminCommandLine.Build().Parse(args).InvokeAsync();
