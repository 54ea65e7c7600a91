using Microsoft.Extensions.Options;
using Realtime.Grains.Chat;
using Realtime.Streaming.Fanout;
using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Chat;

/// <summary>The silo-wide services every chat connection uses.</summary>
public sealed record ChatConnectionServices(
    FanoutHub Hub,
    ConnectionDirectory Connections,
    IJoinAdmission Admission,
    IGrainFactory Grains,
    ChatValidator Validator,
    IOptions<ChatOptions> Options,
    ILogger<ChatConnectionServices> Logger);
