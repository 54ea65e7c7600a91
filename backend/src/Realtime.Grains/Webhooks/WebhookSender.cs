using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Realtime.Protos.Webhooks;

namespace Realtime.Grains.Webhooks;

/// <summary>Posts signed deliveries; one HTTP client for every endpoint, each call bounded by <see cref="WebhookOptions.Timeout"/>.</summary>
public sealed class WebhookSender(IOptions<WebhookOptions> options, TimeProvider time) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = options.Value.Timeout };

    /// <summary>Null when the endpoint took the delivery (a 2xx), else why not (a status or the failure), for the log.</summary>
    public async Task<string?> SendAsync(WebhookEndpoint endpoint, byte[] body, CancellationToken cancellationToken)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(body, timestamp, endpoint.Secrets));
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException)
        {
            return failure.GetType().Name;
        }
    }

    public void Dispose() => _http.Dispose();
}
