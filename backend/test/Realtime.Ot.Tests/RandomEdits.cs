using System.Text;
using CsCheck;

namespace Realtime.Ot.Tests;

/// <summary>Generators of documents and operations, with non-BMP characters so surrogate pairs are exercised.</summary>
public static class RandomEdits
{
    private static readonly string[] Alphabet = ["a", "b", "c", " ", "\n", "é", "😀", "𝄞", "👍🏽"];

    public static readonly Gen<string> Document = Gen.Int[0, 40].SelectMany(length =>
        Gen.Int[0, Alphabet.Length - 1].Array[length].Select(picks => string.Concat(picks.Select(i => Alphabet[i]))));

    /// <summary>A document and a seed from which operations on it are drawn.</summary>
    public static readonly Gen<(string Document, int Seed)> DocumentAndSeed = Gen.Select(Document, Gen.Int);

    public static string Text(Random random, int maxCodePoints)
    {
        var text = new StringBuilder();
        var count = random.Next(1, maxCodePoints + 1);
        for (var i = 0; i < count; i++)
        {
            text.Append(Alphabet[random.Next(Alphabet.Length)]);
        }
        return text.ToString();
    }

    /// <summary>A random operation spanning a document of <paramref name="length"/> code points.</summary>
    public static TextOperation Operation(Random random, int length)
    {
        var builder = new TextOperationBuilder();
        var remaining = length;
        while (remaining > 0)
        {
            var span = random.Next(1, Math.Min(remaining, 6) + 1);
            switch (random.Next(4))
            {
                case 0:
                    builder.Delete(span);
                    remaining -= span;
                    break;
                case 1:
                    builder.Insert(Text(random, 4));
                    break;
                default:
                    builder.Retain(span);
                    remaining -= span;
                    break;
            }
        }
        if (random.Next(3) == 0)
        {
            builder.Insert(Text(random, 4));
        }
        return builder.Build();
    }
}
