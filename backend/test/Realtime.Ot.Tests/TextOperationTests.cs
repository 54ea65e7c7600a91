namespace Realtime.Ot.Tests;

[Trait("Tier", "unit")]
public sealed class TextOperationTests
{
    [Fact]
    public void Builder_merges_neighbours_and_puts_inserts_before_deletes()
    {
        var operation = new TextOperationBuilder().Retain(1).Retain(2).Delete(1).Insert("x").Insert("😀").Delete(2).Build();

        Assert.Equal("retain 3, insert \"x😀\", delete 3", operation.ToString());
        Assert.Equal(6, operation.BaseLength);
        Assert.Equal(5, operation.TargetLength);
    }

    [Fact]
    public void Positions_count_code_points_not_utf16_units()
    {
        var operation = TextOperation.InsertAt(3, 1, "!");

        Assert.Equal("😀!é𝄞", operation.Apply("😀é𝄞"));
        Assert.Equal("😀𝄞", TextOperation.DeleteRange(3, 1, 2).Apply("😀é𝄞"));
        Assert.Equal("a👍b", TextOperation.ReplaceRange(3, 1, 2, "👍").Apply("a😀b"));
    }

    [Fact]
    public void An_operation_that_does_not_span_the_document_is_refused()
    {
        var operation = TextOperation.InsertAt(2, 0, "x");

        Assert.Throws<EditMismatchException>(() => operation.Apply("abc"));
        Assert.Throws<EditMismatchException>(() => operation.Apply("a"));
        Assert.Throws<EditMismatchException>(() => TextOperation.Transform(operation, TextOperation.Identity(3)));
        Assert.Throws<EditMismatchException>(() => operation.Compose(TextOperation.Identity(2)));
        Assert.Throws<EditMismatchException>(() => TextOperation.ReplaceRange(2, 1, 3, "x"));
    }

    [Fact]
    public void Concurrent_inserts_at_one_position_put_the_left_operation_first()
    {
        var left = TextOperation.InsertAt(2, 1, "L");
        var right = TextOperation.InsertAt(2, 1, "R");

        var (leftPrime, rightPrime) = TextOperation.Transform(left, right);

        Assert.Equal("aLRb", rightPrime.Apply(left.Apply("ab")));
        Assert.Equal("aLRb", leftPrime.Apply(right.Apply("ab")));
    }

    [Fact]
    public void Overlapping_deletes_delete_once()
    {
        var left = TextOperation.DeleteRange(5, 1, 4);
        var right = TextOperation.DeleteRange(5, 2, 5);

        var (leftPrime, rightPrime) = TextOperation.Transform(left, right);

        Assert.Equal("a", rightPrime.Apply(left.Apply("abcde")));
        Assert.Equal("a", leftPrime.Apply(right.Apply("abcde")));
    }

    [Fact]
    public void A_cursor_moves_with_text_inserted_before_it_and_stays_before_text_inserted_after_it()
    {
        var operation = new TextOperationBuilder().Insert("xy").Retain(2).Insert("z").Retain(1).Build();

        Assert.Equal(2, operation.TransformPosition(0));
        Assert.Equal(5, operation.TransformPosition(2));
        Assert.Equal(6, operation.TransformPosition(3));
    }

    [Fact]
    public void A_cursor_inside_deleted_text_moves_to_where_it_was()
    {
        var operation = TextOperation.DeleteRange(6, 1, 4);

        Assert.Equal(1, operation.TransformPosition(3));
        Assert.Equal(2, operation.TransformPosition(5));
    }
}
