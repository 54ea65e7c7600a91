using Realtime.Grains.Abstractions.Access;

namespace Realtime.Grains.Access;

/// <summary>The part of a topic grain's stored state its access policy lives in.</summary>
public interface IAccessState
{
    string CreatedBy { get; }

    /// <summary>Null for topics stored before access policies: they are public and owned by their creator.</summary>
    TopicAccess? Access { get; set; }
}
