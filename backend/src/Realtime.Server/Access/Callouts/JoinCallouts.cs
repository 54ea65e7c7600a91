using Grpc.Core;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Access.Callouts;

/// <summary>
/// Admits stream joins through the application's callout for the topic's kind, when one is configured: an allow
/// admits with the callout's role, a deny is PermissionDenied with the callout's reason, and a callout that cannot be
/// asked refuses with Unavailable (or, when its endpoint fails open, leaves the decision to the topic's policy). The
/// profile an allow carries (display name, avatar) is how the user's presence is shown to others.
/// Answers are kept for the endpoint's CacheFor; admins are never asked.
/// </summary>
public sealed partial class JoinCallouts(IOptions<JoinCalloutOptions> options, JoinCalloutClient client, ILogger<JoinCallouts> logger)
    : IJoinAdmission, IDisposable
{
    private readonly MemoryCache _answers = new(new MemoryCacheOptions { SizeLimit = options.Value.MaxCachedAnswers });

    public async ValueTask<JoinAdmission> AdmitAsync(Caller caller, string topic, string action, CancellationToken cancellationToken)
    {
        var (kind, topicId) = Topics.Parse(topic);
        if (caller.IsAdmin || !options.Value.Endpoints.TryGetValue(kind, out var endpoint))
        {
            return JoinAdmission.AsIs(caller);
        }
        var question = new JoinQuestion(kind, topicId, caller.UserId, action);
        if (!_answers.TryGetValue(question, out JoinAnswer? answer) || answer is null)
        {
            try
            {
                answer = await client.AskAsync(endpoint, question, cancellationToken);
            }
            catch (JoinCalloutFailedException failure)
            {
                LogFailed(logger, kind, failure.Message, caller.UserId, topicId, endpoint.FailOpen ? "the topic's policy decides" : "refused");
                return endpoint.FailOpen
                    ? JoinAdmission.AsIs(caller)
                    : throw new CommandException(StatusCode.Unavailable, $"Whether '{caller.UserId}' may {action} {Noun(kind)} '{topicId}' could not be decided; retry.")
                    {
                        RetryAfter = TimeSpan.FromSeconds(1),
                    };
            }
            if (endpoint.CacheFor > TimeSpan.Zero)
            {
                _answers.Set(question, answer, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = endpoint.CacheFor, Size = 1 });
            }
        }
        if (!answer.Allow)
        {
            var because = answer.Reason.Length > 0 ? answer.Reason : "the application did not allow it";
            throw new CommandException(StatusCode.PermissionDenied, $"'{caller.UserId}' may not {action} {Noun(kind)} '{topicId}': {because}");
        }
        return new JoinAdmission(caller with { AdmittedRole = answer.Role }, answer.Profile);
    }

    private static string Noun(string kind) => kind switch
    {
        Topics.ChatKind => "room",
        Topics.DocumentKind => "document",
        _ => "game",
    };

    public void Dispose() => _answers.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Kind} join callout {Failure}: {UserId} joining {TopicId} is {Outcome}")]
    private static partial void LogFailed(ILogger logger, string kind, string failure, string userId, string topicId, string outcome);
}
