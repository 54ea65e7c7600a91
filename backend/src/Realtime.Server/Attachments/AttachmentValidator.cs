using Grpc.Core;
using Microsoft.Extensions.Options;
using Realtime.Protos.Chat.V1;
using Realtime.Server.Validation;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Server.Attachments;

/// <summary>Checks upload and download requests at the edge, naming every field that breaks a rule.</summary>
public sealed class AttachmentValidator(IOptions<AttachmentOptions> options, IAttachmentStore store)
{
    private const int MaxFileNameLength = 255;

    public void Start(UploadStart? start)
    {
        if (start is null)
        {
            throw CommandException.Invalid([new Violation("start", "the first chunk must carry the upload's metadata")]);
        }
        var limits = options.Value;
        var violations = new List<Violation>();
        if (!Identifiers.IsValid(start.RoomId))
        {
            violations.Add(new Violation("start.room_id", $"must be {Identifiers.Rule}"));
        }
        if (!Identifiers.IsValid(start.UploadId))
        {
            violations.Add(new Violation("start.upload_id", $"must be {Identifiers.Rule}"));
        }
        if (string.IsNullOrWhiteSpace(start.FileName) || start.FileName.Length > MaxFileNameLength || start.FileName.IndexOfAny(['/', '\\', '\0']) >= 0)
        {
            violations.Add(new Violation("start.file_name", $"must be 1-{MaxFileNameLength} characters without path separators"));
        }
        if (start.TotalSize < 0)
        {
            violations.Add(new Violation("start.total_size", "must not be negative"));
        }
        if (start.Sha256.Length is not (0 or 32))
        {
            violations.Add(new Violation("start.sha256", "must be empty or 32 bytes"));
        }
        if (violations.Count > 0)
        {
            throw CommandException.Invalid(violations);
        }
        if (!Allowed(start.ContentType))
        {
            throw CommandException.Invalid([new Violation("start.content_type", $"must be one of {string.Join(", ", limits.AllowedContentTypes)}")]);
        }
        var maxBytes = Math.Min(limits.MaxFileBytes, store.MaxFileBytes);
        if (start.TotalSize > maxBytes)
        {
            throw new CommandException(StatusCode.ResourceExhausted, $"Files may be at most {maxBytes} bytes.",
                [new Violation("start.total_size", $"must be at most {maxBytes}")]);
        }
    }

    public void Data(UploadData? data, long stored, long total)
    {
        if (data is null)
        {
            throw CommandException.Invalid([new Violation("data", "every chunk after the first must carry data")]);
        }
        if (data.Offset != stored)
        {
            throw new CommandException(StatusCode.FailedPrecondition, $"The next byte to store is {stored}, not {data.Offset}; resume from GetUploadStatus.",
                [new Violation("data.offset", $"must be {stored}")]);
        }
        if (data.Data.Length == 0 || data.Data.Length > options.Value.MaxChunkBytes)
        {
            throw CommandException.Invalid([new Violation("data.data", $"must be 1-{options.Value.MaxChunkBytes} bytes")]);
        }
        if (stored + data.Data.Length > total)
        {
            throw CommandException.Invalid([new Violation("data.data", $"goes past the declared total size of {total} bytes")]);
        }
    }

    public static void Id(string field, string value)
    {
        if (!Identifiers.IsValid(value))
        {
            throw CommandException.Invalid([new Violation(field, $"must be {Identifiers.Rule}")]);
        }
    }

    private bool Allowed(string contentType) =>
        contentType.Length > 0 && options.Value.AllowedContentTypes.Any(allowed => allowed.EndsWith("/*", StringComparison.Ordinal)
            ? contentType.StartsWith(allowed[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(contentType, allowed, StringComparison.OrdinalIgnoreCase));
}
