using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Realtime.Protos.Webhooks;

namespace Realtime.Testing;

/// <summary>
/// A real HTTP join-callout endpoint (Kestrel on loopback): records every question and answers it with <see cref="Decide"/>,
/// after <see cref="Delay"/>.
/// </summary>
public sealed class CalloutReceiver : IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The answer's status and JSON body for a question; allows as writer until set.</summary>
    public Func<CalloutQuestion, (int Status, string Body)> Decide { get; set; } = _ => (200, """{"allow":true}""");

    /// <summary>How long each answer waits before it is sent (a slow application).</summary>
    public TimeSpan Delay { get; set; }

    public ConcurrentQueue<CalloutQuestion> Questions { get; } = new();

    public Uri Url => LoopbackApp.Url(_app!, "/may-join");

    public int Asked(string userId) => Questions.Count(q => q.User == userId);

    public static async Task<CalloutReceiver> StartAsync()
    {
        var receiver = new CalloutReceiver();
        receiver._app = await LoopbackApp.StartAsync(app => app.MapPost("/may-join", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var json = JsonDocument.Parse(body.ToArray()).RootElement;
            var question = new CalloutQuestion(
                json.GetProperty("kind").GetString()!,
                json.GetProperty("topic").GetString()!,
                json.GetProperty("user").GetString()!,
                json.GetProperty("action").GetString()!,
                body.ToArray(),
                context.Request.Headers[WebhookSignature.TimestampHeader].ToString(),
                context.Request.Headers[WebhookSignature.SignatureHeader].ToString());
            receiver.Questions.Enqueue(question);
            if (receiver.Delay > TimeSpan.Zero)
            {
                await Task.Delay(receiver.Delay, context.RequestAborted);
            }
            var (status, answer) = receiver.Decide(question);
            return Results.Text(answer, "application/json", statusCode: status);
        }));
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app!.DisposeAsync();
}

public sealed record CalloutQuestion(string Kind, string Topic, string User, string Action, byte[] Body, string Timestamp, string Signature);
