using System.Text.RegularExpressions;
using Realtime.Protos.Chat.V1;

namespace Realtime.Server.Chat;

/// <summary>The users a message mentions: those it names, and every @user-id in its content.</summary>
public static partial class MessageMentions
{
    /// <summary>Distinct, in id order; a trailing full stop ends a sentence, not an id. Most messages mention nobody: they cost one scan for '@'.</summary>
    public static string[] Of(SendMessage send) => send.Mentions.Count == 0 && !send.Content.Contains('@', StringComparison.Ordinal) ? [] :
    [
        .. InContent().Matches(send.Content)
            .Select(match => match.Groups["user"].Value.TrimEnd('.'))
            .Where(user => user.Length > 0)
            .Concat(send.Mentions)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>An @ that does not continue a word or an e-mail address, then an id of letters, digits and . _ -.</summary>
    [GeneratedRegex(@"(?<![\p{L}\p{N}._@-])@(?<user>[A-Za-z0-9._-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex InContent();
}
