using System.ComponentModel.DataAnnotations;

namespace Realtime.Server.Attachments;

/// <summary>Attachment rules and storage, bound from the "Attachments" section and validated at start-up.</summary>
public sealed class AttachmentOptions
{
    public const string SectionName = "Attachments";

    /// <summary>Folder for stored files and unfinished uploads (default "data/attachments", relative to the working directory).</summary>
    [Required]
    public string DataPath { get; set; } = "data/attachments";

    /// <summary>Largest file (default 100 MiB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>
    /// Redis server holding attachments instead of the data folder ("host:port", default empty = the
    /// folder). Any instance using the same Redis serves any attachment.
    /// </summary>
    public string RedisConnectionString { get; set; } = "";

    /// <summary>Largest file kept in Redis (default 32 MiB): Redis holds files in memory.</summary>
    [Range(1, long.MaxValue)]
    public long RedisMaxFileBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Largest upload chunk (default 60 KiB, inside the server's 64 KiB message limit).</summary>
    [Range(1, 16 * 1024 * 1024)]
    public int MaxChunkBytes { get; set; } = 60 * 1024;

    /// <summary>Download chunk size (default 32 KiB).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int DownloadChunkBytes { get; set; } = 32 * 1024;

    /// <summary>Content types accepted; "type/*" matches a whole family.</summary>
    [MinLength(1)]
    public string[] AllowedContentTypes { get; set; } =
        ["image/*", "text/*", "application/pdf", "application/json", "application/zip", "application/octet-stream"];

    /// <summary>New uploads one user may start per minute (default 10; resuming does not count).</summary>
    [Range(1, 100_000)]
    public int UploadsPerUserPerMinute { get; set; } = 10;

    /// <summary>
    /// An upload not finished this long after it started is deleted (default 1 hour); a finished one is
    /// remembered as long, so a retry whose answer was lost gets the same attachment.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan UploadExpiry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often expired uploads are swept (default 1 minute).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}
