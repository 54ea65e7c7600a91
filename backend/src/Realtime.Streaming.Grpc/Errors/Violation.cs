namespace Realtime.Streaming.Grpc.Errors;

/// <summary>One field of a request that broke a rule.</summary>
public sealed record Violation(string Field, string Description);
