namespace Realtime.Client;

/// <summary>Gets a token from a server's development issuer (POST /dev/token), for local use and tests.</summary>
public static class DevelopmentTokens
{
    public static async Task<string> FetchAsync(Uri webAddress, string userId, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = webAddress };
        using var response = await http.PostAsync(new Uri($"/dev/token?user={Uri.EscapeDataString(userId)}", UriKind.Relative), null, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"The development token endpoint refused: {body}");
    }
}
