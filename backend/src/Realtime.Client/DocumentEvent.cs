using Realtime.Ot;
using Realtime.Protos.Collab.V1;

namespace Realtime.Client;

/// <summary>
/// Something the application may show: a server frame (cursor, presence, error, continuity lost …)
/// and, for another author's edit, the operation that was applied to the local text.
/// </summary>
public sealed record DocumentEvent(CollabServerFrame Frame, TextOperation? Applied);
