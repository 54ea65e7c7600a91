namespace Realtime.Client;

/// <summary>What a <see cref="ReconnectingStream{TRequest, TResponse}"/> asks of the client that owns it.</summary>
internal interface IStreamSession<TRequest, TResponse>
{
    /// <summary>Commands that restore every subscription and pending command; written first on each new stream.</summary>
    IReadOnlyList<TRequest> Resubscribe();

    /// <summary>The delay the server asked for if <paramref name="frame"/> is its reconnect hint, else null.</summary>
    TimeSpan? ReconnectHint(TResponse frame);

    ValueTask HandleAsync(TResponse frame, CancellationToken cancellationToken);

    /// <summary>The stream will not be reopened (disposed, or the first connection was refused).</summary>
    void Stopped(Exception reason);
}
