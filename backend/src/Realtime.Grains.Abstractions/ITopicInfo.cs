using Realtime.Grains.Abstractions.Access;

namespace Realtime.Grains.Abstractions;

/// <summary>What every topic's info (room, document, game) tells: who may do what in it.</summary>
public interface ITopicInfo
{
    /// <summary>The topic's id within its kind (room id, document id, game id).</summary>
    string Id { get; }

    TopicAccess Access { get; }
}
