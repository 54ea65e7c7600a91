using Microsoft.Extensions.Options;
using Realtime.Grains.Collab;
using Realtime.Server.Access;
using Realtime.Streaming.Fanout;

namespace Realtime.Server.Collab;

/// <summary>The silo-wide services every document connection uses.</summary>
public sealed record CollabConnectionServices(
    FanoutHub Hub,
    ConnectionDirectory Connections,
    IGrainFactory Grains,
    CollabValidator Validator,
    IOptions<DocumentOptions> Options,
    ILogger<CollabConnectionServices> Logger);
