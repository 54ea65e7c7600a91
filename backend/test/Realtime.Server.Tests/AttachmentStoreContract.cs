using System.Security.Cryptography;
using Realtime.Server.Attachments;

namespace Realtime.Server.Tests;

/// <summary>What every attachment store must do; run against the folder store and the Redis store.</summary>
public abstract class AttachmentStoreContract
{
    protected abstract IAttachmentStore Store { get; }

    private static UploadMetadata Upload(string id, long size, DateTimeOffset? startedAt = null) =>
        new("user", id, "room", "f.bin", "application/octet-stream", size, [], startedAt ?? DateTimeOffset.UtcNow);

    [Fact]
    public async Task Appends_in_order_resume_at_the_stored_length_and_complete_into_a_readable_file()
    {
        var id = Guid.NewGuid().ToString("N");
        var bytes = RandomNumberGenerator.GetBytes(100_000);
        await Store.BeginUploadAsync(Upload(id, bytes.Length), default);
        await Store.AppendAsync("user", id, 0, bytes.AsMemory(0, 30_000), default);
        var again = await Store.BeginUploadAsync(Upload(id, bytes.Length), default);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.AppendAsync("user", id, 10, bytes.AsMemory(10, 5), default));
        await Store.AppendAsync("user", id, 30_000, bytes.AsMemory(30_000, 40_000), default);
        await Store.AppendAsync("user", id, 70_000, bytes.AsMemory(70_000), default);

        var hash = await Store.HashUploadAsync("user", id, default);
        var attachment = new StoredAttachment($"att-{id}", "room", "f.bin", "application/octet-stream", bytes.Length, hash, "user", DateTimeOffset.UtcNow, 7);
        await Store.CompleteUploadAsync("user", id, attachment, default);
        await using var fromMiddle = await Store.OpenAttachmentAsync(attachment.AttachmentId, 45_678, default);
        using var read = new MemoryStream();
        await fromMiddle.CopyToAsync(read);

        Assert.Equal(30_000, again.StoredBytes);
        Assert.Equal(SHA256.HashData(bytes), hash);
        Assert.Equal(bytes.AsSpan(45_678).ToArray(), read.ToArray());
        var finished = await Store.GetUploadAsync("user", id, default);
        Assert.Equal((bytes.Length, attachment.AttachmentId), (finished!.StoredBytes, finished.FinishedAttachmentId));
        Assert.Equal(7, (await Store.GetAttachmentAsync(attachment.AttachmentId, default))!.MessageOffset);
    }

    [Fact]
    public async Task Completing_is_not_cut_halfway_by_a_caller_that_went_away()
    {
        var id = Guid.NewGuid().ToString("N");
        await Store.BeginUploadAsync(Upload(id, 3), default);
        await Store.AppendAsync("user", id, 0, new byte[] { 4, 5, 6 }, default);
        var attachment = new StoredAttachment($"att-{id}", "room", "f.bin", "application/octet-stream", 3, [], "user", DateTimeOffset.UtcNow, 0);

        await Store.CompleteUploadAsync("user", id, attachment, new CancellationToken(canceled: true));

        Assert.Equal(attachment.AttachmentId, (await Store.GetUploadAsync("user", id, default))!.FinishedAttachmentId);
        await using var file = await Store.OpenAttachmentAsync(attachment.AttachmentId, 0, default);
        using var read = new MemoryStream();
        await file.CopyToAsync(read);
        Assert.Equal([4, 5, 6], read.ToArray());
    }

    [Fact]
    public async Task Uploads_started_before_the_cutoff_are_deleted_finished_or_not_and_others_kept()
    {
        var (old, oldFinished, fresh) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        await Store.BeginUploadAsync(Upload(old, 10, DateTimeOffset.UtcNow.AddHours(-2)), default);
        await Store.AppendAsync("user", old, 0, new byte[5], default);
        await Store.BeginUploadAsync(Upload(oldFinished, 3, DateTimeOffset.UtcNow.AddHours(-2)), default);
        await Store.AppendAsync("user", oldFinished, 0, new byte[] { 1, 2, 3 }, default);
        var attachment = new StoredAttachment($"att-{oldFinished}", "room", "f.bin", "application/octet-stream", 3, [], "user", DateTimeOffset.UtcNow, 1);
        await Store.CompleteUploadAsync("user", oldFinished, attachment, default);
        await Store.BeginUploadAsync(Upload(fresh, 10), default);

        var deleted = await Store.DeleteUploadsStartedBeforeAsync(DateTimeOffset.UtcNow.AddHours(-1), default);

        Assert.True(deleted >= 2);
        Assert.Null(await Store.GetUploadAsync("user", old, default));
        Assert.Null(await Store.GetUploadAsync("user", oldFinished, default));
        Assert.NotNull(await Store.GetUploadAsync("user", fresh, default));
        await using var file = await Store.OpenAttachmentAsync(attachment.AttachmentId, 0, default);
        using var read = new MemoryStream();
        await file.CopyToAsync(read);
        Assert.Equal([1, 2, 3], read.ToArray());
    }
}
