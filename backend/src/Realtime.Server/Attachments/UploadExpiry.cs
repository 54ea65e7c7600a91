using Microsoft.Extensions.Options;

namespace Realtime.Server.Attachments;

/// <summary>Deletes unfinished uploads older than the expiry, once per sweep interval.</summary>
public sealed partial class UploadExpiry(IAttachmentStore store, IOptions<AttachmentOptions> options, TimeProvider time, ILogger<UploadExpiry> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ExpirySweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var deleted = await store.DeleteUploadsStartedBeforeAsync(time.GetUtcNow() - options.Value.UploadExpiry, stoppingToken);
                if (deleted > 0)
                {
                    LogExpired(deleted);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogSweepFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired unfinished uploads")]
    private partial void LogExpired(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping expired uploads failed; retrying next interval")]
    private partial void LogSweepFailed(Exception exception);
}
