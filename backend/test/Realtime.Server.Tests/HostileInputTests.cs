using System.Net;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Streaming.Grpc.Streams;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>
/// What a hostile or broken client can send, against every RPC: random and mutated messages, invalid
/// UTF-8, lying frame headers, oversized frames, floods of connects, streams that never send. The
/// server must answer with a status (never a stack trace, never Unknown), stay healthy, keep memory
/// bounded, and others' streams must not notice.
/// </summary>
[Trait("Tier", "integration")]
[Collection(IsolatedCollection.Name)]
public sealed class HostileInputTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor[] Services =
    [
        Protos.Chat.V1.ChatService.Descriptor,
        Protos.Chat.V1.AttachmentService.Descriptor,
        Protos.Collab.V1.CollaborationService.Descriptor,
        Protos.Game.V1.GameService.Descriptor,
        Protos.Session.V1.SessionService.Descriptor,
        Protos.Access.V1.AccessService.Descriptor,
        Protos.Admin.V1.AdminService.Descriptor,
        Protos.Server.V1.ServerApiService.Descriptor,
    ];

    [Fact]
    public async Task Garbage_mutated_and_invalid_UTF8_messages_to_every_RPC_get_a_status_and_hurt_no_one()
    {
        await using var server = await TestServer.StartAsync();
        await using var bystanders = await Bystanders.StartAsync(server);
        using var raw = new RawGrpc(server.GrpcAddress);
        var token = server.Token(Ids.Unique("hostile"), ["admin"]);
        var random = new Random(7);
        var answers = new List<(string Method, string Case, bool Decodable, RawAnswer? Answer)>();

        foreach (var method in Services.SelectMany(s => s.Methods))
        {
            var path = $"/{method.Service.FullName}/{method.Name}";
            var openFor = method.IsServerStreaming ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(10);
            foreach (var (name, payload) in Payloads(method.InputType, random))
            {
                var answer = method.Service == Protos.Server.V1.ServerApiService.Descriptor
                    ? await raw.CallAsync(path, RawGrpc.Frame(payload), TestServer.ServerApiKey, openFor, scheme: "ApiKey")
                    : await raw.CallAsync(path, RawGrpc.Frame(payload), token, openFor);
                answers.Add((path, name, Decodable(method.InputType, payload), answer));
            }
            await bystanders.ExchangeAsync();
        }

        Assert.True(answers.Count >= 150, $"{answers.Count} hostile calls");
        output.WriteLine(string.Join(", ", answers.GroupBy(a => a.Answer?.GrpcStatus is { } s ? ((StatusCode)s).ToString() : "stream open").OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")));
        foreach (var (method, name, decodable, answer) in answers)
        {
            // A stream whose garbage happened to parse may simply stay open: that is a served stream, not a hang.
            if (answer is null)
            {
                Assert.True(Services.SelectMany(s => s.Methods).Single(m => $"/{m.Service.FullName}/{m.Name}" == method).IsServerStreaming, $"{method} {name}: a unary call hung");
                continue;
            }
            Assert.True(answer.GrpcStatus is not null, $"{method} {name}: no gRPC status (HTTP {answer.HttpStatus})");
            Assert.True(answer.GrpcStatus != (int)StatusCode.Unknown, $"{method} {name}: Unknown ({answer.GrpcMessage})");
            Assert.True(decodable || answer.GrpcStatus == (int)StatusCode.InvalidArgument, $"{method} {name}: an undecodable message got {answer.GrpcStatus} ({answer.GrpcMessage})");
            Assert.DoesNotContain("   at ", answer.GrpcMessage, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", answer.GrpcMessage, StringComparison.Ordinal);
        }
        await AssertHealthyAsync(server);
        await bystanders.ExchangeAsync();
    }

    /// <summary>Length prefixes past int.MaxValue fail inside grpc-dotnet's reader, before any handler or interceptor.</summary>
    [Theory]
    [InlineData(0x8000_0000u)]
    [InlineData(0xFFFF_FFFFu)]
    public async Task Length_prefixes_of_2_GiB_and_more_get_ResourceExhausted_on_every_method_kind(uint claimed)
    {
        await using var server = await TestServer.StartAsync();
        using var raw = new RawGrpc(server.GrpcAddress);
        var token = server.Token(Ids.Unique("u"));
        var body = RawGrpc.Frame(new byte[16], claimedLength: claimed);
        string[] methods =
        [
            "/realtime.chat.v1.ChatService/ListRooms",
            "/realtime.session.v1.SessionService/OpenSession",
            "/realtime.chat.v1.ChatService/Chat",
            "/realtime.chat.v1.AttachmentService/UploadAttachment",
        ];
        foreach (var method in methods)
        {
            var answer = await raw.CallAsync(method, body, token, TimeSpan.FromSeconds(10));
            Assert.True(answer is not null, $"{method}: still open after a {claimed}-byte length prefix");
            Assert.True((int)StatusCode.ResourceExhausted == answer.GrpcStatus, $"{method}: {answer.GrpcStatus} ({answer.GrpcMessage})");
            Assert.DoesNotContain("Exception", answer.GrpcMessage, StringComparison.Ordinal);
        }
        await AssertHealthyAsync(server);
    }

    [Fact]
    public async Task Lying_frame_headers_oversized_frames_wrong_content_types_and_missing_tokens_get_precise_statuses()
    {
        await using var server = await TestServer.StartAsync();
        using var raw = new RawGrpc(server.GrpcAddress);
        var token = server.Token(Ids.Unique("u"));
        const string unary = "/realtime.chat.v1.ChatService/ListRooms";
        const string bidi = "/realtime.chat.v1.ChatService/Chat";
        var wait = TimeSpan.FromSeconds(10);
        var valid = new Protos.Chat.V1.ListRoomsRequest { PageSize = 5 }.ToByteArray();

        var compressedWithoutEncoding = await raw.CallAsync(unary, RawGrpc.Frame(valid, compressed: true), token, wait);
        var truncated = await raw.CallAsync(unary, RawGrpc.Frame(valid, claimedLength: (uint)valid.Length + 100), token, wait);
        var oversized = await raw.CallAsync(unary, RawGrpc.Frame(new byte[200 * 1024]), token, wait);
        var oversizedInStream = await raw.CallAsync(bidi, RawGrpc.Frame(new byte[200 * 1024]), token, wait);
        var wrongType = await raw.CallAsync(unary, RawGrpc.Frame(valid), token, wait, contentType: "text/plain");
        var noToken = await raw.CallAsync(unary, RawGrpc.Frame(valid), null, wait);
        var fine = await raw.CallAsync(unary, RawGrpc.Frame(valid), token, wait);

        Assert.Equal((int)StatusCode.OK, fine!.GrpcStatus);
        Assert.Equal((int)StatusCode.Internal, compressedWithoutEncoding!.GrpcStatus);
        Assert.Equal((int)StatusCode.Internal, truncated!.GrpcStatus);
        Assert.Equal((int)StatusCode.ResourceExhausted, oversized!.GrpcStatus);
        Assert.Equal((int)StatusCode.ResourceExhausted, oversizedInStream!.GrpcStatus);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType!.HttpStatus);
        // Refused by authentication before gRPC: HTTP 401, which gRPC clients report as Unauthenticated.
        Assert.Equal(HttpStatusCode.Unauthorized, noToken!.HttpStatus);
        await AssertHealthyAsync(server);
    }

    [Fact]
    public async Task A_thousand_rapid_connects_and_two_hundred_silent_streams_leave_the_server_healthy_and_bounded()
    {
        await using var server = await TestServer.StartAsync();
        await using var bystanders = await Bystanders.StartAsync(server);
        var registry = server.Services.GetRequiredService<StreamRegistry>();
        var baseline = registry.Count;
        // One channel for all of them, so the measure is the server's, not a thousand client channels'.
        var channel = server.NativeChannel();
        var memoryBefore = SettledMemory();

        for (var batch = 0; batch < 20; batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
            {
                await using var stream = ChatStream.Open(channel, server.Token(Ids.Unique("churn")));
                await stream.JoinAsync(Ids.Unique("room"));
            }));
            await bystanders.ExchangeAsync();
        }
        await Eventually.TrueAsync(() => registry.Count == baseline, "every churned stream to be gone", TimeSpan.FromSeconds(20));
        var afterChurn = SettledMemory();

        var silent = Enumerable.Range(0, 200).Select(_ => ChatStream.Open(channel, server.Token(Ids.Unique("silent")))).ToList();
        await Eventually.TrueAsync(() => registry.Count == baseline + 200, "200 silent streams open");
        var withSilent = SettledMemory();
        await bystanders.ExchangeAsync();
        foreach (var stream in silent)
        {
            await stream.DisposeAsync();
        }
        await Eventually.TrueAsync(() => registry.Count == baseline, "the silent streams to be gone", TimeSpan.FromSeconds(20));

        output.WriteLine($"1,000 connects left {(afterChurn - memoryBefore) / 1024} KiB; a silent stream costs {(withSilent - afterChurn) / 200 / 1024} KiB");
        Assert.True(afterChurn - memoryBefore < 32L * 1024 * 1024, $"1,000 connects left {(afterChurn - memoryBefore) / 1024} KiB behind");
        Assert.True((withSilent - afterChurn) / 200 < 256 * 1024, $"a silent stream costs {(withSilent - afterChurn) / 200 / 1024} KiB");
        await AssertHealthyAsync(server);
        await bystanders.ExchangeAsync();
    }

    /// <summary>For each request type: random bytes, a real message with flipped bytes, invalid UTF-8 in a string field, and an empty message.</summary>
    private static IEnumerable<(string Name, byte[] Payload)> Payloads(MessageDescriptor type, Random random)
    {
        for (var i = 0; i < 2; i++)
        {
            var bytes = new byte[random.Next(1, 96)];
            random.NextBytes(bytes);
            yield return ($"random {i}", bytes);
        }
        var real = Filled(type, random).ToByteArray();
        for (var i = 0; i < 2 && real.Length > 0; i++)
        {
            var mutated = (byte[])real.Clone();
            for (var flips = 0; flips < 3; flips++)
            {
                mutated[random.Next(mutated.Length)] ^= (byte)random.Next(1, 256);
            }
            yield return ($"mutated {i}", mutated);
        }
        if (type.Fields.InFieldNumberOrder().FirstOrDefault(f => f.FieldType == FieldType.String) is { } text)
        {
            // Field tag, length 2, then 0xC3 0x28: not UTF-8.
            yield return ("invalid UTF-8", [(byte)((text.FieldNumber << 3) | 2), 2, 0xC3, 0x28]);
        }
        yield return ("empty", []);
    }

    private static bool Decodable(MessageDescriptor type, byte[] payload)
    {
        try
        {
            type.Parser.ParseFrom(payload);
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }

    /// <summary>A message of the type with its scalar and string fields set to random values, one level deep.</summary>
    private static IMessage Filled(MessageDescriptor type, Random random)
    {
        var message = type.Parser.ParseFrom([]);
        foreach (var field in type.Fields.InFieldNumberOrder().Where(f => !f.IsRepeated && !f.IsMap && f.RealContainingOneof is null))
        {
            object? value = field.FieldType switch
            {
                FieldType.String => $"x{random.Next(1000)}",
                FieldType.Int32 or FieldType.SInt32 => random.Next(-5, 1000),
                FieldType.Int64 or FieldType.SInt64 => (long)random.Next(-5, 1000),
                FieldType.Double => random.NextDouble() * 10,
                FieldType.Bool => true,
                FieldType.Bytes => ByteString.CopyFrom([1, 2, 3]),
                _ => null,
            };
            if (value is not null)
            {
                field.Accessor.SetValue(message, value);
            }
        }
        return message;
    }

    private static long SettledMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task AssertHealthyAsync(TestServer server)
    {
        var health = await new Grpc.Health.V1.Health.HealthClient(server.NativeChannel()).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    /// <summary>Two well-behaved users in a room of their own, checking after each round that every message arrived once, in order.</summary>
    private sealed class Bystanders : IAsyncDisposable
    {
        private readonly ChatStream _sender;
        private readonly ChatStream _reader;
        private readonly string _room = Ids.Unique("bystanders");
        private int _sent;

        private Bystanders(ChatStream sender, ChatStream reader)
        {
            _sender = sender;
            _reader = reader;
        }

        public static async Task<Bystanders> StartAsync(TestServer server)
        {
            var bystanders = new Bystanders(
                ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("sender"))),
                ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("reader"))));
            await bystanders._sender.JoinAsync(bystanders._room);
            await bystanders._reader.JoinAsync(bystanders._room);
            return bystanders;
        }

        public async Task ExchangeAsync()
        {
            await _sender.SendAsync(_room, $"m{++_sent}");
            var messages = await _reader.MessagesAsync(_room, _sent);
            Assert.Equal(Enumerable.Range(1, _sent).Select(i => $"m{i}"), messages.Select(m => m.Content));
        }

        public async ValueTask DisposeAsync()
        {
            await _sender.DisposeAsync();
            await _reader.DisposeAsync();
        }
    }
}
