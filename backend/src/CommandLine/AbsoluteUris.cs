using System.CommandLine.Parsing;

namespace Realtime.CommandLine;

/// <summary>
/// Parses an option's value as an absolute URL, with a readable error instead of an exception.
/// Compiled into both command-line tools (realtime-chat, realtime-admin) as a linked file.
/// </summary>
internal static class AbsoluteUris
{
    public static Uri? Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return uri;
        }
        result.AddError($"'{text}' is not an absolute URL such as http://127.0.0.1:5080.");
        return null;
    }
}
