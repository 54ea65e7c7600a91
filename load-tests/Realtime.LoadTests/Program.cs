using Realtime.LoadTests;

return await Scenarios.RunAsync(LoadArguments.Parse(args));
