using BenchmarkDotNet.Attributes;
using Realtime.Ot;

namespace Realtime.MicroBenchmarks;

/// <summary>The document grain's inner step: two concurrent edits of a 2,000 code point document transformed against each other, then applied.</summary>
[MemoryDiagnoser]
public class OtBenchmarks
{
    private const int Length = 2_000;
    private readonly string _document = new('a', Length);
    private readonly TextOperation _insert = TextOperation.InsertAt(Length, 700, "hello");
    private readonly TextOperation _delete = TextOperation.DeleteRange(Length, 650, 720);

    [Benchmark]
    public (TextOperation, TextOperation) Transform() => TextOperation.Transform(_insert, _delete);

    [Benchmark]
    public string TransformAndApply()
    {
        var (_, deleteAfterInsert) = TextOperation.Transform(_insert, _delete);
        return deleteAfterInsert.Apply(_insert.Apply(_document));
    }
}
