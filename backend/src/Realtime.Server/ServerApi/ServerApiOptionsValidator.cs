using Microsoft.Extensions.Options;
using Realtime.Server.Validation;

namespace Realtime.Server.ServerApi;

public sealed class ServerApiOptionsValidator : IValidateOptions<ServerApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerApiOptions options)
    {
        var failures = new List<string>();
        if (options.CallsPerSecondPerPrincipal < 1)
        {
            failures.Add("ServerApi:CallsPerSecondPerPrincipal must be at least 1.");
        }
        if (options.MaxBatch is < 1 or > 1000)
        {
            failures.Add("ServerApi:MaxBatch must be 1-1000.");
        }
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            var at = $"ServerApi:Keys:{i}";
            if (!Identifiers.IsValid(key.Principal))
            {
                failures.Add($"{at}:Principal: {Identifiers.Rule}.");
            }
            if (!Identifiers.IsValid(key.KeyId) || key.KeyId.Contains('.', StringComparison.Ordinal))
            {
                failures.Add($"{at}:KeyId: {Identifiers.Rule}, without '.' (it ends at the first '.' of a presented key).");
            }
            if (key.SecretSha256.Length != 64 || !key.SecretSha256.All(char.IsAsciiHexDigit))
            {
                failures.Add($"{at}:SecretSha256 must be the 64 hex digits of the secret's SHA-256 (echo -n SECRET | sha256sum).");
            }
            if (key.Scopes.Length == 0 || key.Scopes.Any(scope => !ServerScopes.All.Contains(scope)))
            {
                failures.Add($"{at}:Scopes must name at least one of {string.Join(", ", ServerScopes.All)}.");
            }
        }
        foreach (var repeated in options.Keys.GroupBy(key => key.KeyId, StringComparer.Ordinal).Where(group => group.Count() > 1))
        {
            failures.Add($"ServerApi:Keys: the key id '{repeated.Key}' is used more than once.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
