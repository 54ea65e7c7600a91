namespace Realtime.Protos;

/// <summary>Response headers of the streaming rpcs, part of the wire contract.</summary>
public static class StreamHeaders
{
    /// <summary>
    /// Sent in the response headers of a stream the server accepted, before any frame. A refused call
    /// (HTTP 401, for one) has headers too, so clients must not take headers alone as acceptance.
    /// </summary>
    public const string Accepted = "realtime-stream-accepted";
}
