using Microsoft.Extensions.Options;
using Realtime.Grains.Games;
using Realtime.Streaming.Fanout;
using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Games;

/// <summary>The silo-wide services every game connection uses.</summary>
public sealed record GameConnectionServices(
    FanoutHub Hub,
    ConnectionDirectory Connections,
    IJoinAdmission Admission,
    IGrainFactory Grains,
    GameValidator Validator,
    IOptions<GameOptions> Options,
    ILogger<GameConnectionServices> Logger);
