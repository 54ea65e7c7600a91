namespace Realtime.LoadTests.Baselines;

/// <summary>One chat workload, the same for Realtime and both baselines: rooms × members, senders per room at a rate.</summary>
public sealed record ChatShape(int Rooms, int Members, int Senders, double Rate, int PayloadBytes)
{
    /// <summary>Content of the payload size once the send timestamp is added.</summary>
    public string Padding => new('x', Math.Max(0, PayloadBytes - 20));

    public string Describe() =>
        $"{Rooms} room(s) × {Members} members, {Senders} sender(s)/room at {Rate} msg/s, {PayloadBytes} B: {Rooms * Senders * Rate * Members:N0} deliveries/s offered";
}
