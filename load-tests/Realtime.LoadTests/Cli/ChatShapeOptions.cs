using System.CommandLine;
using Realtime.LoadTests.Baselines;

namespace Realtime.LoadTests.Cli;

/// <summary>The chat workload's options, shared by the chat, chaos and compare commands, each with its own defaults.</summary>
public sealed class ChatShapeOptions(ChatShape defaults)
{
    private readonly Option<int> _rooms = new("--rooms") { DefaultValueFactory = _ => defaults.Rooms };
    private readonly Option<int> _members = new("--members") { Description = "Member streams per room", DefaultValueFactory = _ => defaults.Members };
    private readonly Option<int> _senders = new("--senders") { Description = "Members per room that also send", DefaultValueFactory = _ => defaults.Senders };
    private readonly Option<double> _rate = new("--rate") { Description = "Messages per second per sender", DefaultValueFactory = _ => defaults.Rate };
    private readonly Option<int> _payload = new("--payload") { Description = "Message size in bytes", DefaultValueFactory = _ => defaults.PayloadBytes };

    public Option[] All => [_rooms, _members, _senders, _rate, _payload];

    public ChatShape Read(ParseResult result) =>
        new(result.GetValue(_rooms), result.GetValue(_members), result.GetValue(_senders), result.GetValue(_rate), result.GetValue(_payload));
}
