using System.Net;
using System.Text.Json;
using HdrHistogram;

namespace Realtime.LoadTests.Cli;

/// <summary>
/// A webhook endpoint on loopback for the "publish" command: takes every delivery (200), counts deliveries and
/// events, and records how long after its storing each event arrived (the payload's "time").
/// </summary>
public sealed class WebhookCounter : IDisposable
{
    private readonly HttpListener _listener = new();
    private long _deliveries;
    private long _events;

    public WebhookCounter(int port)
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public long Deliveries => Interlocked.Read(ref _deliveries);

    public long Events => Interlocked.Read(ref _events);

    /// <summary>Milliseconds from an event's storing to its arrival here.</summary>
    public LongHistogram Lag { get; } = new(TimeSpan.TicksPerMinute, 3);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (HttpListenerException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            var arrived = DateTimeOffset.UtcNow;
            using (var body = await JsonDocument.ParseAsync(context.Request.InputStream))
            {
                var events = body.RootElement.GetProperty("events");
                Interlocked.Increment(ref _deliveries);
                Interlocked.Add(ref _events, events.GetArrayLength());
                lock (Lag)
                {
                    foreach (var stored in events.EnumerateArray())
                    {
                        Lag.RecordValue(Math.Max(0, (long)(arrived - stored.GetProperty("time").GetDateTimeOffset()).TotalMilliseconds));
                    }
                }
            }
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
