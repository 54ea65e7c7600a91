using Google.Protobuf;
using Grpc.Core;
using Realtime.Grains.Abstractions.Admin;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Server.Sessions;

/// <summary>Runs session commands forwarded from other silos on the sessions this silo holds.</summary>
public sealed partial class SessionHost(SessionCommandTable table, SessionRegistry sessions, ILogger<SessionHost> logger) : ISessionHost
{
    public async Task<SessionCommandResult> InvokeAsync(string command, string callerId, byte[] request)
    {
        if (!table.TryGet(command, out var found) || found is null)
        {
            return Refused(new CommandException(StatusCode.Unimplemented, $"'{command}' is not a session command."));
        }
        try
        {
            var message = found.Parse(request);
            var response = await found.Run(sessions.Session(found.SessionId(message), callerId), message, CancellationToken.None);
            return new SessionCommandResult { Response = response.ToByteArray() };
        }
        catch (CommandException refused)
        {
            return Refused(refused);
        }
        catch (InvalidProtocolBufferException)
        {
            return Refused(new CommandException(StatusCode.InvalidArgument, "The forwarded request could not be read."));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(logger, exception, command);
            return Refused(new CommandException(StatusCode.Internal, "The command failed on the session's instance."));
        }
    }

    private static SessionCommandResult Refused(CommandException refused) => new()
    {
        StatusCode = (int)refused.Code,
        Message = refused.Message,
        Violations = [.. refused.Violations.Select(v => (v.Field, v.Description))],
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "A forwarded session command {Command} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string command);
}
