using Microsoft.Extensions.Options;
using Realtime.Streaming.Resilience;

namespace Realtime.Server.Attachments;

/// <summary>
/// Deletes unfinished uploads older than the expiry, once per sweep interval. A sweep that fails
/// (Redis or the disk unreachable) is retried with backoff and never stops the silo.
/// </summary>
public sealed partial class UploadExpiry(IAttachmentStore store, ResilientLoops loops, IOptions<AttachmentOptions> options, TimeProvider time, ILogger<UploadExpiry> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The first sweep waits one interval: a silo starting up has nothing stale of its own yet.
            await Task.Delay(options.Value.ExpirySweepInterval, time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        await loops.RunAsync("upload-expiry", options.Value.ExpirySweepInterval, SweepAsync, stoppingToken);
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteUploadsStartedBeforeAsync(time.GetUtcNow() - options.Value.UploadExpiry, cancellationToken);
        if (deleted > 0)
        {
            LogExpired(deleted);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired unfinished uploads")]
    private partial void LogExpired(int count);
}
