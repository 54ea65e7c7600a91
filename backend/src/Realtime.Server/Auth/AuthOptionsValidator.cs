using Microsoft.Extensions.Options;

namespace Realtime.Server.Auth;

public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Issuer) || string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Auth:Issuer and Auth:Audience must be set.");
        }
        try
        {
            if (options.SigningKeyBytes().Length < 32)
            {
                failures.Add("Auth:SigningKey must decode to at least 32 bytes.");
            }
        }
        catch (FormatException)
        {
            failures.Add("Auth:SigningKey must be base64 (set it in configuration or the environment variable Auth__SigningKey).");
        }
        if (options.DevelopmentTokenLifetime <= TimeSpan.Zero)
        {
            failures.Add("Auth:DevelopmentTokenLifetime must be positive.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
