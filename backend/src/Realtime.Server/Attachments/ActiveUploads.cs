using System.Collections.Concurrent;

namespace Realtime.Server.Attachments;

/// <summary>The uploads this instance is receiving right now: one call per upload at a time.</summary>
public sealed class ActiveUploads
{
    private readonly ConcurrentDictionary<(string UserId, string UploadId), bool> _uploads = new();

    public bool TryBegin(string userId, string uploadId) => _uploads.TryAdd((userId, uploadId), true);

    public void End(string userId, string uploadId) => _uploads.TryRemove((userId, uploadId), out _);
}
