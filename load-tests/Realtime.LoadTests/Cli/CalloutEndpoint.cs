using System.Net;
using System.Text.Json;

namespace Realtime.LoadTests.Cli;

/// <summary>
/// A join-callout endpoint on loopback for the "chat" command (--callout-port): allows every join as a writer with a
/// display name, so a run measures what a callout adds to joining (configure the server's
/// JoinCallouts:Endpoints:chat:Url to http://127.0.0.1:PORT/).
/// </summary>
public sealed class CalloutEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();

    public CalloutEndpoint(int port)
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private static async Task AnswerAsync(HttpListenerContext context)
    {
        using var question = await JsonDocument.ParseAsync(context.Request.InputStream);
        var user = question.RootElement.GetProperty("user").GetString();
        var answer = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["allow"] = true, ["role"] = "writer", ["display_name"] = $"User {user}" });
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(answer);
        context.Response.Close();
    }

    public void Dispose() => _listener.Close();
}
