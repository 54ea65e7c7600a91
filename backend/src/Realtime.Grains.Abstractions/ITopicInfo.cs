using Realtime.Grains.Abstractions.Access;

namespace Realtime.Grains.Abstractions;

/// <summary>What every topic's info (room, document, game) tells: who may do what in it.</summary>
public interface ITopicInfo
{
    TopicAccess Access { get; }
}
