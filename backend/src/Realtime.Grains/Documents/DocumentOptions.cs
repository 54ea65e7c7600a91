using System.ComponentModel.DataAnnotations;

namespace Realtime.Grains.Documents;

/// <summary>Document limits, bound from the "Documents" section and validated at start-up.</summary>
public sealed class DocumentOptions : IValidatableObject
{
    public const string SectionName = "Documents";

    /// <summary>Longest document in code points (default 1,000,000); an edit that would exceed it gets ResourceExhausted.</summary>
    [Range(1, 100_000_000)]
    public int MaxDocumentLength { get; set; } = 1_000_000;

    /// <summary>
    /// Most code points one edit may insert (default 16,384, which fits the server's default 64 KiB
    /// message limit even at 4 UTF-8 bytes each); more is InvalidArgument. Paste larger text in parts.
    /// </summary>
    [Range(1, 100_000_000)]
    public int MaxEditInsertLength { get; set; } = 16_384;

    /// <summary>Most components in one edit's operation (default 10,000).</summary>
    [Range(1, 1_000_000)]
    public int MaxEditComponents { get; set; } = 10_000;

    /// <summary>Longest client edit id in characters (default 128).</summary>
    [Range(8, 1024)]
    public int MaxClientEditIdLength { get; set; } = 128;

    /// <summary>Longest title in characters (default 200).</summary>
    [Range(1, 4096)]
    public int MaxTitleLength { get; set; } = 200;

    /// <summary>
    /// Edits kept in the operation log (default 1,000): the window for resume, history reads and
    /// transforming late edits. An edit based on an older revision gets FailedPrecondition.
    /// </summary>
    [Range(1, 1_000_000)]
    public int RetainedEdits { get; set; } = 1_000;

    /// <summary>
    /// The stored snapshot moves forward by this many edits at a time (default 100), so a snapshot is
    /// written once per that many edits rather than per edit.
    /// </summary>
    [Range(1, 1_000_000)]
    public int SnapshotEvery { get; set; } = 100;

    /// <summary>Sustained edits per second one user may submit to one document (default 50; bursts up to the same count).</summary>
    [Range(1, 100_000)]
    public int EditsPerSecondPerUser { get; set; } = 50;

    /// <summary>Recent client edit ids remembered per document to make resubmissions idempotent (default 10,000).</summary>
    [Range(1, 1_000_000)]
    public int IdempotencyWindow { get; set; } = 10_000;

    /// <summary>A participant whose lease was not renewed for this long is dropped (default 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PresenceTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Presence changes are coalesced and broadcast at most once per this interval (default 250 ms).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PresenceBatchInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Documents one stream or session may have open at once (default 20).</summary>
    [Range(1, 10_000)]
    public int MaxDocumentsPerStream { get; set; } = 20;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IdempotencyWindow < RetainedEdits)
        {
            yield return new ValidationResult(
                "IdempotencyWindow must be at least RetainedEdits: a client may resubmit any edit still inside the log.",
                [nameof(IdempotencyWindow)]);
        }
    }
}
