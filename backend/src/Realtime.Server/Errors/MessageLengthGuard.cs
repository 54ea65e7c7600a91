using System.Buffers;
using System.Buffers.Binary;
using Grpc.AspNetCore.Server;
using Grpc.Core;

namespace Realtime.Server.Errors;

/// <summary>
/// Answers a message whose gRPC length prefix says 2 GiB or more with ResourceExhausted. grpc-dotnet
/// refuses such a prefix with an IOException inside its reader, before any handler or interceptor,
/// so the caller would see Unknown. A unary or server-streaming call has exactly one request message,
/// whose header is peeked here (nothing is consumed); a streaming request's later messages are read
/// by the handler, where <see cref="ErrorMappingInterceptor"/> maps the same failure.
/// </summary>
public sealed class MessageLengthGuard(RequestDelegate next)
{
    private const int HeaderLength = 5;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is { Method.Type: MethodType.Unary or MethodType.ServerStreaming }
            && await FirstMessageTooLargeAsync(context))
        {
            context.Response.ContentType = context.Request.ContentType ?? "application/grpc";
            context.Response.Headers["grpc-status"] = ((int)StatusCode.ResourceExhausted).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = TooLargeMessage;
            return;
        }
        await next(context);
    }

    /// <summary>What a caller is told: no size it could send is accepted.</summary>
    public const string TooLargeMessage = "The message's length prefix exceeds every message size limit.";

    private static async Task<bool> FirstMessageTooLargeAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        var read = await reader.ReadAtLeastAsync(HeaderLength, context.RequestAborted);
        var buffer = read.Buffer;
        var tooLarge = false;
        if (buffer.Length >= HeaderLength)
        {
            Span<byte> header = stackalloc byte[HeaderLength];
            buffer.Slice(0, HeaderLength).CopyTo(header);
            tooLarge = BinaryPrimitives.ReadUInt32BigEndian(header[1..]) > int.MaxValue;
        }
        // Nothing consumed or examined: grpc-dotnet reads the same bytes again.
        reader.AdvanceTo(buffer.Start);
        return tooLarge;
    }
}
