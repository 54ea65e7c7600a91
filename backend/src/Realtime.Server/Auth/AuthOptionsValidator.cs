using Microsoft.Extensions.Options;

namespace Realtime.Server.Auth;

public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Audience) || (string.IsNullOrWhiteSpace(options.Issuer) && options.Authority.Length == 0))
        {
            failures.Add("Auth:Audience must be set, and Auth:Issuer unless Auth:Authority gives it.");
        }
        if (!options.HasSigningKey && options.PublicKeyPaths.Length == 0 && options.Authority.Length == 0)
        {
            failures.Add("Tokens cannot be checked: set Auth:SigningKey, Auth:PublicKeyPaths or Auth:Authority (e.g. the environment variable Auth__SigningKey).");
        }
        if (options.HasSigningKey)
        {
            try
            {
                if (options.SigningKeyBytes().Length < 32)
                {
                    failures.Add("Auth:SigningKey must decode to at least 32 bytes.");
                }
            }
            catch (FormatException)
            {
                failures.Add("Auth:SigningKey must be base64.");
            }
        }
        if (options.DevelopmentTokens && !options.HasSigningKey)
        {
            failures.Add("Auth:DevelopmentTokens needs Auth:SigningKey: the development issuer signs with it.");
        }
        foreach (var path in options.PublicKeyPaths.Where(p => !File.Exists(p)))
        {
            failures.Add($"Auth:PublicKeyPaths: '{path}' does not exist.");
        }
        if (options.DevelopmentTokenLifetime <= TimeSpan.Zero)
        {
            failures.Add("Auth:DevelopmentTokenLifetime must be positive.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
