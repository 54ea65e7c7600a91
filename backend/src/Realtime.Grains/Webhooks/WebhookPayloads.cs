using System.Text.Json;
using Google.Protobuf;
using Realtime.Grains.Log;
using Realtime.Grains.Abstractions;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Collab.V1;

namespace Realtime.Grains.Webhooks;

/// <summary>
/// The body of one delivery: {"endpoint", "topic", "epoch", "skipped_before"?, "events": [{"offset", "time", "type",
/// "event"}]}, each event the stored frame in protobuf's JSON form (a room's realtime.chat.v1.ChatServerFrame, a
/// document's realtime.collab.v1.CollabServerFrame), "type" its case.
/// </summary>
public static class WebhookPayloads
{
    private static readonly JsonFormatter Frames = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    /// <summary>A stored event of <paramref name="topic"/> read once for both the endpoint's filter and the body.</summary>
    public static WebhookEvent Parse(string topic, LogEntry entry)
    {
        var (frame, type) = Topics.Parse(topic).Kind == Topics.DocumentKind
            ? Frame(CollabServerFrame.Parser.ParseFrom(entry.Data), f => f.EventCase)
            : Frame(ChatServerFrame.Parser.ParseFrom(entry.Data), f => f.EventCase);
        return new WebhookEvent(entry.Offset, entry.StoredAt, type, frame);
    }

    private static (IMessage Frame, string Type) Frame<TFrame, TCase>(TFrame frame, Func<TFrame, TCase> eventCase)
        where TFrame : IMessage where TCase : struct, Enum =>
        (frame, eventCase(frame).ToString().ToLowerInvariant());

    /// <param name="endpoint">The endpoint's name.</param>
    /// <param name="topic">The topic the events are of ("chat/ROOM").</param>
    /// <param name="epoch">The topic's epoch the offsets count in.</param>
    /// <param name="events">The stored events, in offset order.</param>
    /// <param name="skippedBefore">Set when retention dropped events the endpoint never confirmed: the first offset it gets instead.</param>
    public static byte[] Build(string endpoint, string topic, string epoch, IReadOnlyList<WebhookEvent> events, long? skippedBefore)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("endpoint", endpoint);
            json.WriteString("topic", topic);
            json.WriteString("epoch", epoch);
            if (skippedBefore is { } first)
            {
                json.WriteNumber("skipped_before", first);
            }
            json.WriteStartArray("events");
            foreach (var stored in events)
            {
                json.WriteStartObject();
                json.WriteNumber("offset", stored.Offset);
                json.WriteString("time", stored.Time);
                json.WriteString("type", stored.Type);
                json.WritePropertyName("event");
                json.WriteRawValue(Frames.Format(stored.Frame));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}

/// <summary>One stored event as a webhook carries it: its offset, when it was stored, its type (what endpoints filter on:
/// "message", "changed", "moderated", …) and the stored frame.</summary>
public sealed record WebhookEvent(long Offset, DateTimeOffset Time, string Type, IMessage Frame);
