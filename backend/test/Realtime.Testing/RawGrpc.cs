using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;

namespace Realtime.Testing;

/// <summary>
/// gRPC spoken by hand over HTTP/2 (HttpClient, no gRPC library), so tests can send what no well-behaved
/// client would: garbage messages, bad frame headers, lengths that lie.
/// </summary>
public sealed class RawGrpc(Uri address) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromSeconds(15),
    };

    /// <summary>One gRPC message frame: flag, big-endian length, payload.</summary>
    public static byte[] Frame(byte[] payload, bool compressed = false, uint? claimedLength = null)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), claimedLength ?? (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>Posts <paramref name="body"/> to a method and reads the whole answer; the status comes from the trailers (or headers for trailers-only answers).</summary>
    /// <returns>The answer, or null when the call was still open (a stream) after <paramref name="openFor"/>.</returns>
    /// <param name="path">The method's path, /package.Service/Method.</param>
    /// <param name="body">The request body as sent: one or more frames, or anything else.</param>
    /// <param name="token">What the authorization header carries, or null for none.</param>
    /// <param name="openFor">How long to wait for the answer.</param>
    /// <param name="contentType">The request's content type.</param>
    /// <param name="scheme">How <paramref name="token"/> is presented: "Bearer" for a user's token, "ApiKey" for the server API's key.</param>
    public async Task<RawAnswer?> CallAsync(string path, byte[] body, string? token, TimeSpan openFor, string contentType = "application/grpc", string scheme = "Bearer")
    {
        using var open = new CancellationTokenSource(openFor);
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(scheme, token);
        }
        HttpResponseMessage response;
        byte[] content;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, open.Token);
            content = await response.Content.ReadAsByteArrayAsync(open.Token);
        }
        catch (OperationCanceledException) when (open.IsCancellationRequested)
        {
            return null;
        }
        using var _ = response;
        string? Find(string name) =>
            response.TrailingHeaders.TryGetValues(name, out var t) ? t.First()
            : response.Headers.TryGetValues(name, out var h) ? h.First()
            : null;
        return new RawAnswer(response.StatusCode, Find("grpc-status") is { } status ? int.Parse(status, System.Globalization.CultureInfo.InvariantCulture) : null, Uri.UnescapeDataString(Find("grpc-message") ?? ""), content);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>What came back: the HTTP status, the gRPC status (null when there was none) and message, and the body.</summary>
public sealed record RawAnswer(HttpStatusCode HttpStatus, int? GrpcStatus, string GrpcMessage, byte[] Body);
