using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Realtime.Baselines.BareGrpc;

// The bare broadcast baseline on cleartext HTTP/2, port from --port (0: any free port, printed).
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel =>
    kestrel.Listen(IPAddress.Loopback, builder.Configuration.GetValue("port", 0), listen => listen.Protocols = HttpProtocols.Http2));
builder.Services.AddGrpc();
builder.Services.AddSingleton<Rooms>();
var app = builder.Build();
app.MapGrpcService<BroadcastService>();
await app.StartAsync();
Console.WriteLine($"Listening: grpc={new Uri(app.Urls.First()).Port}");
await app.WaitForShutdownAsync();
