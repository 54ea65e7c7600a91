using Microsoft.Extensions.Options;
using Realtime.Grains.Collab;
using Realtime.Streaming.Fanout;
using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Collab;

/// <summary>The silo-wide services every document connection uses.</summary>
public sealed record CollabConnectionServices(
    FanoutHub Hub,
    ConnectionDirectory Connections,
    IGrainFactory Grains,
    CollabValidator Validator,
    IOptions<DocumentOptions> Options,
    ILogger<CollabConnectionServices> Logger);
