namespace Realtime.Ot;

/// <summary>
/// Positions and lengths in Unicode code points, so clients in C#, JavaScript and Go agree on them
/// whatever their string encoding; a surrogate pair is one position and is never split.
/// </summary>
public static class CodePoints
{
    public static int Count(string text)
    {
        var count = text.Length;
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                count--;
                i++;
            }
        }
        return count;
    }

    /// <summary>The UTF-16 index at which the code point <paramref name="codePoints"/> after <paramref name="start"/> begins.</summary>
    public static int Advance(string text, int start, int codePoints)
    {
        var index = start;
        for (var n = 0; n < codePoints; n++)
        {
            if (index >= text.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(codePoints), "Past the end of the text.");
            }
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
        }
        return index;
    }

    /// <summary><paramref name="count"/> code points of <paramref name="text"/> from code point <paramref name="start"/>.</summary>
    public static string Slice(string text, int start, int count)
    {
        var from = Advance(text, 0, start);
        return text[from..Advance(text, from, count)];
    }

    /// <summary>True when the text holds no unpaired surrogate (which no other language could represent).</summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }
                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return false;
            }
        }
        return true;
    }
}
