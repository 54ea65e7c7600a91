namespace Realtime.Streaming.Grpc.Streams;

/// <summary>How long a stream may outlive what ends it.</summary>
/// <param name="DrainTimeout">On shutdown or drain: how long a stream gets to flush and receive its reconnect hint.</param>
/// <param name="TokenGrace">How long a stream may outlive its token's expiry before it ends with Unauthenticated.</param>
public sealed record StreamLifetime(TimeSpan DrainTimeout, TimeSpan TokenGrace);
