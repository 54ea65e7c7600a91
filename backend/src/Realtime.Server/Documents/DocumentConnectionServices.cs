using Microsoft.Extensions.Options;
using Realtime.Grains.Documents;
using Realtime.Streaming.Fanout;
using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Documents;

/// <summary>The silo-wide services every document connection uses.</summary>
public sealed record DocumentConnectionServices(
    FanoutHub Hub,
    ConnectionDirectory Connections,
    IJoinAdmission Admission,
    IGrainFactory Grains,
    DocumentValidator Validator,
    IOptions<DocumentOptions> Options,
    ILogger<DocumentConnectionServices> Logger);
