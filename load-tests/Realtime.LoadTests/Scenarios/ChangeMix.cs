namespace Realtime.LoadTests.Scenarios;

/// <summary>
/// What share of a chat sender's ticks are reactions (toggling 👍 on the newest message it has), edits
/// (of its own newest message) and thread replies (to the newest message it has that is not a reply)
/// instead of sends; after what share of the messages it delivers a member marks the room read (<see cref="ReadRatio"/>),
/// and whether the rooms show read receipts (every mark then reaches every member).
/// </summary>
public sealed record ChangeMix(double ReactRatio, double EditRatio, double ReplyRatio, double ReadRatio = 0, bool Receipts = false)
{
    public static readonly ChangeMix None = new(0, 0, 0);

    public bool Any => ReactRatio > 0 || EditRatio > 0 || ReplyRatio > 0;

    public string Describe() =>
        (Any ? $"; of each sender's ticks {ReactRatio:P0} reactions, {EditRatio:P0} edits, {ReplyRatio:P0} thread replies" : "")
        + (ReadRatio > 0 ? $"; members mark read after {ReadRatio:P0} of deliveries{(Receipts ? ", with read receipts" : "")}" : "");

    /// <summary>Runs tick <paramref name="n"/> of <paramref name="member"/> as a reaction, an edit, a reply or a send.</summary>
    public Task TickAsync(ChatMember member, long n, string padding, Random random)
    {
        var roll = random.NextDouble();
        return roll < ReactRatio ? member.ReactAsync(n)
            : roll < ReactRatio + EditRatio ? member.EditAsync(n, padding)
            : roll < ReactRatio + EditRatio + ReplyRatio ? member.ReplyAsync(n, padding)
            : member.SendAsync(n, padding);
    }
}
