using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions;

namespace Realtime.Server.Access.Callouts;

public sealed class JoinCalloutOptionsValidator : IValidateOptions<JoinCalloutOptions>
{
    private static readonly string[] Kinds = [Topics.ChatKind, Topics.DocumentKind, Topics.GameKind];

    public ValidateOptionsResult Validate(string? name, JoinCalloutOptions options)
    {
        var failures = new List<string>();
        foreach (var (kind, endpoint) in options.Endpoints)
        {
            var at = $"{JoinCalloutOptions.SectionName}:Endpoints:{kind}";
            if (!Kinds.Contains(kind, StringComparer.Ordinal))
            {
                failures.Add($"{at}: the topic kind must be one of {string.Join(", ", Kinds)}.");
            }
            if (!Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{at}:Url must be an absolute http or https URL.");
            }
            if (endpoint.Secrets.Length == 0 || endpoint.Secrets.Any(secret => secret.Length < 16))
            {
                failures.Add($"{at}:Secrets must hold at least one secret of 16 characters or more.");
            }
            if (endpoint.Timeout <= TimeSpan.Zero || endpoint.CacheFor < TimeSpan.Zero)
            {
                failures.Add($"{at}: Timeout must be positive and CacheFor not negative.");
            }
        }
        if (options.MaxCachedAnswers < 1 || options.MaxConnectionsPerEndpoint < 1)
        {
            failures.Add($"{JoinCalloutOptions.SectionName}: MaxCachedAnswers and MaxConnectionsPerEndpoint must be at least 1.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
