using System.Diagnostics;
using System.Text.RegularExpressions;
using Grpc.Core;
using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

[Collection(IsolatedCollection.Name)]
public sealed partial class TelemetryTests
{
    [Fact]
    public async Task The_web_port_serves_Prometheus_metrics_for_streams_commands_frames_fanout_and_calls()
    {
        await using var server = await TestServer.StartAsync();
        var room = Ids.Unique("room");
        await using var alice = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("alice")));
        await using var bob = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("bob")));
        await alice.JoinAsync(room);
        await bob.JoinAsync(room);
        // Enough that every stream has a sampled fan-out measurement (one delivery in 16).
        for (var i = 0; i < 20; i++)
        {
            await alice.SendAsync(room, $"m{i}");
        }
        await bob.MessagesAsync(room, 20);
        var refused = await Assert.ThrowsAsync<RpcException>(() => new ChatService.ChatServiceClient(server.NativeChannel())
            .CreateRoomAsync(new CreateRoomRequest { RoomId = "not a valid id!" }, Auth.Headers(server.Token(Ids.Unique("c")))).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        using (var upload = new AttachmentService.AttachmentServiceClient(server.NativeChannel()).UploadAttachment(Auth.Headers(server.Token(Ids.Unique("outsider")))))
        {
            await upload.RequestStream.WriteAsync(new UploadChunk { Start = new UploadStart { RoomId = room, UploadId = "u1", FileName = "f.txt", ContentType = "text/plain", TotalSize = 1 } });
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => upload.ResponseAsync)).StatusCode);
        }

        using var http = new HttpClient { BaseAddress = server.WebAddress };
        var metrics = await Eventually.ValueAsync(
            async () => await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)) is var text
                && Value(text, "realtime_rpc_calls_total", "CreateRoom", "InvalidArgument") >= 1
                && Value(text, "realtime_rpc_calls_total", "UploadAttachment", "PermissionDenied") >= 1 ? text : null,
            "the refused calls (unary and client streaming) in the scrape");

        Assert.True(Value(metrics, "realtime_streams_open", "ChatService/Chat") >= 2, "open chat streams");
        Assert.True(Value(metrics, "realtime_commands_received_total", "ChatService/Chat") >= 5, "join and send commands received");
        Assert.True(Value(metrics, "realtime_frames_sent_total", "ChatService/Chat") >= 6, "frames written");
        Assert.Matches(FanoutCount(), metrics);
    }

    [Fact]
    public async Task A_send_is_one_trace_from_the_grpc_call_through_the_grain_to_the_bus()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Realtime.Streaming" or "Microsoft.AspNetCore" || source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Telemetry:Tracing"] = "true" });
        var room = Ids.Unique("room");
        var sessionChat = new ChatService.ChatServiceClient(server.WebChannel());
        var user = Ids.Unique("u");
        var (session, sessionId) = await SessionStream.OpenAsync(server.WebChannel(), server.Token(user));
        await using var _ = session;
        await sessionChat.JoinRoomInSessionAsync(new JoinRoomInSessionRequest { SessionId = sessionId, Join = new JoinRoom { RoomId = room } }, Auth.Headers(server.Token(user)));

        await sessionChat.SendMessageInSessionAsync(new SendMessageInSessionRequest
        {
            SessionId = sessionId,
            Send = new SendMessage { RoomId = room, ClientMessageId = "traced", Content = "follow me" },
        }, Auth.Headers(server.Token(user)));

        var publish = await Eventually.ValueAsync(() => Snapshot(spans).FirstOrDefault(s => s.OperationName == "bus publish" && (s.GetTagItem("realtime.topic") as string) == $"chat/{room}" && (long)s.GetTagItem("realtime.offset")! == 1), "the bus publish span");
        // The request span of that unary call is the trace's root: trace ids are per request. It stops once the
        // response is written, which may be after the client has read it.
        await Eventually.TrueAsync(
            () => Snapshot(spans).Any(s => s.TraceId == publish.TraceId && s.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn" && s.ParentSpanId == default),
            "the request span as the trace's root");
        var trace = Snapshot(spans).Where(s => s.TraceId == publish.TraceId).ToList();
        Assert.Contains(trace, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.DisplayName.Contains("SendAsync", StringComparison.Ordinal));
        await Eventually.TrueAsync(() => Snapshot(spans).Any(s => s.OperationName == "bus deliver" && (s.GetTagItem("realtime.topic") as string) == $"chat/{room}"), "the bus deliver span");
    }

    /// <summary>The value of a metric's sample whose labels mention every given fragment (0 when there is none).</summary>
    private static double Value(string scrape, string metric, params string[] labelFragments) =>
        scrape.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) && labelFragments.All(f => line.Contains(f, StringComparison.Ordinal)))
            .Select(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .Sum();

    private static List<Activity> Snapshot(List<Activity> spans)
    {
        lock (spans)
        {
            return [.. spans];
        }
    }

    [GeneratedRegex(@"realtime_fanout_duration\w*_count\{[^}]*topic_kind=""chat""[^}]*\} [1-9]")]
    private static partial Regex FanoutCount();
}
