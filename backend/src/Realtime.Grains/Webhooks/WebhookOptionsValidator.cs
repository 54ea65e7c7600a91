using Microsoft.Extensions.Options;

namespace Realtime.Grains.Webhooks;

public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Endpoints.Count; i++)
        {
            var endpoint = options.Endpoints[i];
            var at = $"Webhooks:Endpoints:{i}";
            if (endpoint.Name.Length is 0 or > 64 || !endpoint.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                failures.Add($"{at}:Name must be 1-64 letters, digits, '-' or '_'.");
            }
            if (!Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{at}:Url must be an absolute http or https URL.");
            }
            if (endpoint.Secrets.Length == 0 || endpoint.Secrets.Any(secret => secret.Length < 16))
            {
                failures.Add($"{at}:Secrets must hold at least one secret of 16 characters or more.");
            }
        }
        foreach (var repeated in options.Endpoints.GroupBy(endpoint => endpoint.Name, StringComparer.Ordinal).Where(group => group.Count() > 1))
        {
            failures.Add($"Webhooks:Endpoints: the name '{repeated.Key}' is used more than once.");
        }
        if (options.BatchWindow < TimeSpan.Zero)
        {
            failures.Add("Webhooks:BatchWindow must not be negative.");
        }
        if (options.Timeout <= TimeSpan.Zero || options.InitialRetryDelay <= TimeSpan.Zero || options.MaxRetryDelay < options.InitialRetryDelay)
        {
            failures.Add("Webhooks: Timeout and InitialRetryDelay must be positive, MaxRetryDelay at least InitialRetryDelay.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
