namespace Realtime.Server.Hosting;

public static partial class ListeningPortsReport
{
    /// <summary>Logs the bound ports once the server has started, so whoever started it with port 0 learns them.</summary>
    public static WebApplication ReportListeningPorts(this WebApplication app)
    {
        var ports = app.Services.GetRequiredService<ListeningPorts>();
        var logger = app.Services.GetRequiredService<ILogger<ListeningPorts>>();
        app.Lifetime.ApplicationStarted.Register(() => LogListening(logger, ports.Grpc, ports.Web));
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening: grpc={GrpcPort} web={WebPort}")]
    private static partial void LogListening(ILogger logger, int grpcPort, int webPort);
}
