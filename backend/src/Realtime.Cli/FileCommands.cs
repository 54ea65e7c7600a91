using Grpc.Core;
using Realtime.Client;

namespace Realtime.Cli;

/// <summary>"/send PATH" shares a file in the room; "/save ATTACHMENT-ID PATH" downloads one.</summary>
public static class FileCommands
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".pdf"] = "application/pdf",
        [".txt"] = "text/plain",
        [".log"] = "text/plain",
        [".md"] = "text/markdown",
        [".csv"] = "text/csv",
        [".json"] = "application/json",
        [".zip"] = "application/zip",
    };

    /// <summary>Runs the line if it is a file command; false if it is an ordinary message.</summary>
    public static async Task<bool> TryRunAsync(ChatClient client, string room, string line, CancellationToken cancellationToken)
    {
        var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        try
        {
            switch (parts)
            {
                case ["/send", var path, ..]:
                    await using (var file = File.OpenRead(path))
                    {
                        var type = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
                        var shared = await client.UploadAsync(room, file, Path.GetFileName(path), type, cancellationToken: cancellationToken);
                        Console.WriteLine($"shared {shared.FileName} ({shared.Size} bytes) as {shared.AttachmentId}");
                    }
                    return true;
                case ["/save", var id, var path]:
                    await using (var file = File.Create(path))
                    {
                        var saved = await client.DownloadAsync(id, file, cancellationToken);
                        Console.WriteLine($"saved {saved.FileName} ({saved.Size} bytes) to {path}");
                    }
                    return true;
                case ["/send" or "/save", ..]:
                    Console.WriteLine("usage: /send PATH   or   /save ATTACHMENT-ID PATH");
                    return true;
                default:
                    return false;
            }
        }
        catch (Exception ex) when (ex is RpcException or IOException or UnauthorizedAccessException)
        {
            Console.WriteLine($"error: {(ex is RpcException rpc ? rpc.Status.Detail : ex.Message)}");
            return true;
        }
    }
}
