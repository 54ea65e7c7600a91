using System.Text.RegularExpressions;
using Realtime.Grains.Abstractions.Chat;

namespace Realtime.Grains.Chat;

/// <summary>
/// Finds what a room's <see cref="RoomLinkRule"/> forbids in a message. A link is a URL with a scheme (http, https, ftp)
/// or a host that starts "www."; its host is what the rule judges (a user name before '@' does not hide it), and
/// an allowed domain allows its subdomains.
/// </summary>
public static partial class ForbiddenLinks
{
    [GeneratedRegex(@"(?:https?|ftp)://(?:[^\s/@]*@)?(?<host>[\p{L}\p{N}.-]+)|\bwww\.(?<host>[\p{L}\p{N}.-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Link();

    /// <summary>The first link in <paramref name="content"/> that <paramref name="rule"/> forbids, or null.</summary>
    public static string? First(RoomLinkRule? rule, string content)
    {
        if (rule is null || rule.Policy == RoomLinkPolicy.Allowed)
        {
            return null;
        }
        foreach (Match link in Link().Matches(content))
        {
            var host = (link.Value.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? link.Value : link.Groups["host"].Value).TrimEnd('.').ToLowerInvariant();
            if (rule.Policy == RoomLinkPolicy.Blocked || !rule.AllowedDomains.Any(domain => host == domain || host.EndsWith($".{domain}", StringComparison.Ordinal)))
            {
                return link.Value.TrimEnd('.');
            }
        }
        return null;
    }
}
