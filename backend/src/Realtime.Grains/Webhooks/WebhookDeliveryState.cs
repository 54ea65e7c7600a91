namespace Realtime.Grains.Webhooks;

[GenerateSerializer]
public sealed class WebhookDeliveryState
{
    /// <summary>The topic's epoch the position counts in; a new epoch (history lost) starts from its beginning.</summary>
    [Id(0)] public string Epoch { get; set; } = "";

    /// <summary>The last offset the endpoint answered with a 2xx for.</summary>
    [Id(1)] public long Confirmed { get; set; }

    [Id(2)] public int Failures { get; set; }
}
