using Microsoft.Extensions.Options;

namespace Realtime.Grains.Webhooks;

public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Endpoints.Count; i++)
        {
            failures.AddRange(options.Endpoints[i].Problems().Select(problem => $"Webhooks:Endpoints:{i}:{problem.Property} {problem.Problem}."));
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
