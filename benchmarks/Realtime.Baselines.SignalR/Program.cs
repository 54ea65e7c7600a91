using System.Net;
using Realtime.Baselines.SignalR;

// The ASP.NET Core SignalR baseline (JSON protocol, WebSockets), port from --port (0: any free port, printed).
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, builder.Configuration.GetValue("port", 0)));
builder.Services.AddSignalR();
var app = builder.Build();
app.MapHub<ChatHub>("/chat");
await app.StartAsync();
Console.WriteLine($"Listening: http={new Uri(app.Urls.First()).Port}");
await app.WaitForShutdownAsync();
