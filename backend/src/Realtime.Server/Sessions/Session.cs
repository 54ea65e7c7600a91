using Realtime.Protos.Session.V1;
using Realtime.Server.Chat;
using Realtime.Server.Documents;
using Realtime.Server.Games;

namespace Realtime.Server.Sessions;

/// <summary>An open browser session: its owner and the subscriptions it carries.</summary>
public sealed record Session(string Id, string UserId, ChatConnection<SessionFrame> Chat,
    DocumentConnection<SessionFrame> Documents,
    GameConnection<SessionFrame> Games);
