using CsCheck;

namespace Realtime.Ot.Tests;

[Trait("Tier", "unit")]
public sealed class TextOperationPropertyTests
{
    private const int Iterations = 2000;

    [Fact]
    public void Concurrent_operations_converge_after_transform() =>
        RandomEdits.DocumentAndSeed.Sample(sample =>
        {
            var (document, seed) = sample;
            var random = new Random(seed);
            var length = CodePoints.Count(document);
            var left = RandomEdits.Operation(random, length);
            var right = RandomEdits.Operation(random, length);
            var (leftPrime, rightPrime) = TextOperation.Transform(left, right);
            Assert.Equal(rightPrime.Apply(left.Apply(document)), leftPrime.Apply(right.Apply(document)));
        }, iter: Iterations);

    [Fact]
    public void Composition_has_the_effect_of_both_in_turn() =>
        RandomEdits.DocumentAndSeed.Sample(sample =>
        {
            var (document, seed) = sample;
            var random = new Random(seed);
            var first = RandomEdits.Operation(random, CodePoints.Count(document));
            var afterFirst = first.Apply(document);
            var second = RandomEdits.Operation(random, CodePoints.Count(afterFirst));
            Assert.Equal(second.Apply(afterFirst), first.Compose(second).Apply(document));
        }, iter: Iterations);

    [Fact]
    public void Inverse_restores_the_document() =>
        RandomEdits.DocumentAndSeed.Sample(sample =>
        {
            var (document, seed) = sample;
            var operation = RandomEdits.Operation(new Random(seed), CodePoints.Count(document));
            var inverse = operation.Invert(document);
            Assert.Equal(document, inverse.Apply(operation.Apply(document)));
            Assert.Equal(operation.BaseLength, inverse.TargetLength);
        }, iter: Iterations);

    [Fact]
    public void Results_never_split_a_surrogate_pair() =>
        RandomEdits.DocumentAndSeed.Sample(sample =>
        {
            var (document, seed) = sample;
            var random = new Random(seed);
            var length = CodePoints.Count(document);
            var left = RandomEdits.Operation(random, length);
            var right = RandomEdits.Operation(random, length);
            var (leftPrime, _) = TextOperation.Transform(left, right);
            var result = leftPrime.Apply(right.Apply(document));
            Assert.True(CodePoints.IsWellFormed(result));
            Assert.Equal(leftPrime.TargetLength, CodePoints.Count(result));
        }, iter: Iterations);

    [Fact]
    public void A_transformed_position_stays_inside_the_document_and_on_the_same_character() =>
        RandomEdits.DocumentAndSeed.Sample(sample =>
        {
            var (document, seed) = sample;
            var random = new Random(seed);
            var length = CodePoints.Count(document);
            var operation = RandomEdits.Operation(random, length);
            var position = random.Next(length + 1);
            var moved = operation.TransformPosition(position);
            var result = operation.Apply(document);
            Assert.InRange(moved, 0, operation.TargetLength);
            if (position < length && !Deletes(operation, position))
            {
                Assert.Equal(CharacterAt(document, position), CharacterAt(result, moved));
            }
        }, iter: Iterations);

    private static string CharacterAt(string text, int codePoint)
    {
        var start = CodePoints.Advance(text, 0, codePoint);
        return text[start..CodePoints.Advance(text, start, 1)];
    }

    private static bool Deletes(TextOperation operation, int position)
    {
        var index = 0;
        foreach (var component in operation.Components)
        {
            if (component.Kind == OperationKind.Insert)
            {
                continue;
            }
            if (position < index + component.Length)
            {
                return component.Kind == OperationKind.Delete;
            }
            index += component.Length;
        }
        return false;
    }
}
