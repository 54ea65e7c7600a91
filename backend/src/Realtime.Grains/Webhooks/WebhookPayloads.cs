using System.Text.Json;
using Google.Protobuf;
using Realtime.Grains.Log;
using Realtime.Protos.Chat.V1;

namespace Realtime.Grains.Webhooks;

/// <summary>
/// The body of one delivery: {"endpoint", "topic", "epoch", "skipped_before"?, "events": [{"offset", "time", "type",
/// "event"}]}, each event the stored frame in protobuf's JSON form (realtime.chat.v1.ChatServerFrame), "type" its case.
/// </summary>
public static class WebhookPayloads
{
    private static readonly JsonFormatter Frames = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    /// <summary>The event's type as an endpoint filters on it ("message", "changed", "moderated", …).</summary>
    public static string TypeOf(LogEntry entry) => Frame(entry).EventCase.ToString().ToLowerInvariant();

    /// <param name="endpoint">The endpoint's name.</param>
    /// <param name="topic">The topic the events are of ("chat/ROOM").</param>
    /// <param name="epoch">The topic's epoch the offsets count in.</param>
    /// <param name="entries">The stored events, in offset order.</param>
    /// <param name="skippedBefore">Set when retention dropped events the endpoint never confirmed: the first offset it gets instead.</param>
    public static byte[] Build(string endpoint, string topic, string epoch, IReadOnlyList<LogEntry> entries, long? skippedBefore)
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
            foreach (var entry in entries)
            {
                var frame = Frame(entry);
                json.WriteStartObject();
                json.WriteNumber("offset", entry.Offset);
                json.WriteString("time", entry.StoredAt);
                json.WriteString("type", frame.EventCase.ToString().ToLowerInvariant());
                json.WritePropertyName("event");
                json.WriteRawValue(Frames.Format(frame));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static ChatServerFrame Frame(LogEntry entry) => ChatServerFrame.Parser.ParseFrom(entry.Data);
}
