namespace Realtime.Testing;

/// <summary>The ports of one test server (as bound); reused to restart a server where clients expect it.</summary>
public sealed record ServerPorts(int Grpc, int Web, int Silo);
