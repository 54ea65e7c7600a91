namespace Realtime.Client;

/// <summary>Gets a token from a server's development issuer (POST /dev/token), for local use and tests.</summary>
public static class DevelopmentTokens
{
    public static Task<string> FetchAsync(Uri webAddress, string userId, CancellationToken cancellationToken = default) =>
        FetchAsync(webAddress, userId, [], cancellationToken);

    /// <param name="webAddress">The server's web port.</param>
    /// <param name="userId">The token's subject.</param>
    /// <param name="roles">Roles the token carries ("admin" for the operator surface).</param>
    /// <param name="cancellationToken">Ends the request.</param>
    public static async Task<string> FetchAsync(Uri webAddress, string userId, IReadOnlyList<string> roles, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = webAddress };
        var query = string.Concat(roles.Select(r => $"&role={Uri.EscapeDataString(r)}"));
        using var response = await http.PostAsync(new Uri($"/dev/token?user={Uri.EscapeDataString(userId)}{query}", UriKind.Relative), null, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"The development token endpoint refused: {body}");
    }
}
