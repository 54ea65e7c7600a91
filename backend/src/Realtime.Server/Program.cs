using Realtime.Server.Hosting;

var app = RealtimeApp.Build(args);
await app.RunAsync();
