using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Realtime.Protos.Webhooks;

namespace Realtime.Testing;

/// <summary>A real HTTP endpoint (Kestrel on loopback) that records every webhook delivery and can be made to refuse them.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>While true, every delivery is answered 503 (recorded, not accepted).</summary>
    public bool Down { get; set; }

    public ConcurrentQueue<WebhookDelivery> Deliveries { get; } = new();

    public Uri Url => LoopbackApp.Url(_app!, "/hook");

    public IEnumerable<WebhookDelivery> Accepted => Deliveries.Where(d => d.Accepted);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        receiver._app = await LoopbackApp.StartAsync(app => app.MapPost("/hook", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var accepted = !receiver.Down;
            receiver.Deliveries.Enqueue(new WebhookDelivery(
                context.Request.Headers[WebhookSignature.TimestampHeader].ToString(),
                context.Request.Headers[WebhookSignature.SignatureHeader].ToString(),
                body.ToArray(),
                accepted));
            return accepted ? Results.Ok() : Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }));
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app!.DisposeAsync();
}

public sealed record WebhookDelivery(string Timestamp, string Signature, byte[] Body, bool Accepted)
{
    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement;

    public string Endpoint => Json.GetProperty("endpoint").GetString()!;

    public long[] Offsets => [.. Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("offset").GetInt64())];

    public string[] Types => [.. Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()!)];
}
