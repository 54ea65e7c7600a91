using System.Text.RegularExpressions;

namespace Realtime.Server.Validation;

/// <summary>The one rule for ids that clients name (rooms, users of development tokens).</summary>
public static partial class Identifiers
{
    public const string Rule = "1-128 characters: letters, digits, '_', '-', '.', ':'; starting with a letter or digit";

    public static bool IsValid(string value) => IdPattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
