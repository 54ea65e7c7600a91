using System.ComponentModel.DataAnnotations;

namespace Realtime.Server.Access;

/// <summary>Access policies, bound from "Access".</summary>
public sealed class AccessOptions
{
    public const string SectionName = "Access";

    /// <summary>Members one topic's policy may list (default 1000); more is InvalidArgument. The policy travels with the topic's metadata, so it stays small.</summary>
    [Range(1, 100_000)]
    public int MaxMembers { get; set; } = 1000;

    /// <summary>Longest user id a policy may name (default 256).</summary>
    [Range(1, 4096)]
    public int MaxUserIdLength { get; set; } = 256;
}
