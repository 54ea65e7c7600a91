using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Protos.Webhooks;

namespace Realtime.Server.Access.Callouts;

/// <summary>
/// Asks one endpoint: POST {"kind", "topic", "user", "action"} signed like a webhook; expects 2xx with
/// {"allow": bool, "role"?: "reader" | "writer" | "moderator", "reason"?: string, "display_name"?: string,
/// "avatar_url"?: an http(s) URL}. Anything else is a failure
/// (<see cref="JoinCalloutFailedException"/>), which the endpoint's failure mode decides.
/// </summary>
public sealed class JoinCalloutClient(IOptions<JoinCalloutOptions> options, TimeProvider time) : IDisposable
{
    /// <summary>The longest reason passed on to the user; the rest is cut.</summary>
    private const int MaxReasonLength = 500;

    /// <summary>The longest display name shown to others; the rest is cut.</summary>
    private const int MaxDisplayNameLength = 100;

    private const int MaxAvatarUrlLength = 2048;

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = options.Value.MaxConnectionsPerEndpoint,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<JoinAnswer> AskAsync(JoinCalloutEndpoint endpoint, JoinQuestion question, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["kind"] = question.Kind,
            ["topic"] = question.TopicId,
            ["user"] = question.UserId,
            ["action"] = question.Action,
        });
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(body, timestamp, endpoint.Secrets));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(endpoint.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new JoinCalloutFailedException($"answered {(int)response.StatusCode}");
            }
            return Read(await response.Content.ReadAsByteArrayAsync(timeout.Token));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new JoinCalloutFailedException($"did not answer within {endpoint.Timeout.TotalMilliseconds:0} ms");
        }
        catch (HttpRequestException failure)
        {
            throw new JoinCalloutFailedException($"could not be reached ({failure.HttpRequestError})");
        }
    }

    private static JoinAnswer Read(byte[] json)
    {
        try
        {
            using var answer = JsonDocument.Parse(json);
            var root = answer.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("allow", out var allow) || allow.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new JoinCalloutFailedException("answered without a boolean \"allow\"");
            }
            var role = root.TryGetProperty("role", out var named) ? RoleOf(named) : AccessRole.Writer;
            var reason = Text(root, "reason", MaxReasonLength);
            var displayName = Text(root, "display_name", MaxDisplayNameLength);
            var avatarUrl = Text(root, "avatar_url", MaxAvatarUrlLength + 1);
            if (avatarUrl.Length > 0 && (avatarUrl.Length > MaxAvatarUrlLength || !Uri.TryCreate(avatarUrl, UriKind.Absolute, out var avatar)
                || (avatar.Scheme != Uri.UriSchemeHttps && avatar.Scheme != Uri.UriSchemeHttp)))
            {
                throw new JoinCalloutFailedException($"answered with an avatar_url that is not an http(s) URL of at most {MaxAvatarUrlLength} characters");
            }
            var profile = displayName.Length > 0 || avatarUrl.Length > 0 ? new MemberProfile(displayName, avatarUrl) : null;
            return new JoinAnswer(allow.GetBoolean(), role, reason, profile);
        }
        catch (JsonException)
        {
            throw new JoinCalloutFailedException("answered with something that is not JSON");
        }
    }

    /// <summary>A string property, control characters left out and cut to <paramref name="maxLength"/>; "" when absent.</summary>
    private static string Text(JsonElement answer, string name, int maxLength)
    {
        if (!answer.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return "";
        }
        var text = string.Concat(value.GetString()!.Where(c => !char.IsControl(c)));
        return text.Length > maxLength ? text[..maxLength] : text;
    }

    private static AccessRole RoleOf(JsonElement role) => role.ValueKind == JsonValueKind.String ? role.GetString() switch
    {
        "reader" => AccessRole.Reader,
        "writer" => AccessRole.Writer,
        "moderator" => AccessRole.Moderator,
        var other => throw new JoinCalloutFailedException($"answered with the role \"{other}\" (reader, writer or moderator)"),
    } : throw new JoinCalloutFailedException("answered with a role that is not a string");

    public void Dispose() => _http.Dispose();
}

/// <summary>What a callout is asked: may <see cref="UserId"/> do <see cref="Action"/> ("join", "open", "play", "watch") in the topic.</summary>
public sealed record JoinQuestion(string Kind, string TopicId, string UserId, string Action);

/// <summary>The application's decision; <see cref="Reason"/> is shown to the user when it refuses, <see cref="Profile"/> to others when it allows.</summary>
public sealed record JoinAnswer(bool Allow, AccessRole Role, string Reason, MemberProfile? Profile);

/// <summary>The endpoint could not give an answer; the message completes "The join callout …".</summary>
public sealed class JoinCalloutFailedException(string message) : Exception(message);
