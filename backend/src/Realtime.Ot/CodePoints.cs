namespace Realtime.Ot;

/// <summary>
/// Positions and lengths in Unicode code points, so clients in C#, JavaScript and Go agree on them
/// whatever their string encoding; a surrogate pair is one position and is never split.
/// </summary>
public static class CodePoints
{
    public static int Count(string text)
    {
        var span = text.AsSpan();
        var count = text.Length;
        var offset = 0;
        while (true)
        {
            var next = span[offset..].IndexOfAnyInRange('\uD800', '\uDBFF');
            if (next < 0)
            {
                return count;
            }
            offset += next;
            if (offset + 1 < span.Length && char.IsLowSurrogate(span[offset + 1]))
            {
                count--;
                offset++;
            }
            offset++;
        }
    }

    /// <summary>The UTF-16 index at which the code point <paramref name="codePoints"/> after <paramref name="start"/> begins.</summary>
    public static int Advance(string text, int start, int codePoints)
    {
        var index = start;
        var remaining = codePoints;
        while (remaining > 0)
        {
            if (index + remaining > text.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(codePoints), "Past the end of the text.");
            }
            // Most text has no surrogates: skip a surrogate-free run in one vectorized search.
            var run = text.AsSpan(index, remaining).IndexOfAnyInRange('\uD800', '\uDFFF');
            if (run < 0)
            {
                return index + remaining;
            }
            index += run;
            remaining -= run;
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
            remaining--;
        }
        return index;
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
