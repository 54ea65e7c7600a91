using System.Security.Cryptography;
using System.Text;

namespace Realtime.Server.Attachments;

/// <summary>How stores name what clients name: hashes, so no client string reaches a path or a key.</summary>
public static class StorageKeys
{
    /// <summary>An upload belongs to its uploader: the same upload id from two users is two uploads.</summary>
    public static string Upload(string userId, string uploadId) => Hash($"{userId}\n{uploadId}");

    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
