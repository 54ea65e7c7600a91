import { Code, ConnectError } from "@connectrpc/connect";
import type { ChangeAck, ChangeMessageInSessionRequest } from "../gen/realtime/chat/v1/changes_pb";
import type { Backoff } from "./backoff";
import type { SessionApi } from "./sessionApi";

/**
 * Edits, deletes or reacts to a message on whatever session stream is open, asking again while the server
 * is unavailable (a grain moving, a reconnect in progress): the change is idempotent by its client change
 * id. Anything else (not the author, a deleted message, a room not joined) rejects for the view to show.
 */
export async function changeMessage(
  api: SessionApi,
  session: () => string | null,
  backoff: Backoff,
  change: ChangeMessageInSessionRequest["change"],
): Promise<ChangeAck> {
  for (;;) {
    const sessionId = session();
    if (!sessionId) throw new ConnectError("Not connected: try again once the room is live.", Code.Unavailable);
    try {
      return await api.changeMessage(sessionId, change);
    } catch (error) {
      const failure = ConnectError.from(error);
      if (failure.code !== Code.Unavailable) throw failure;
    }
    await new Promise((resolve) => setTimeout(resolve, backoff.next()));
  }
}
