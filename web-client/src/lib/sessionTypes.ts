import type { ConnectError } from "@connectrpc/connect";
import type { ChatServerFrame } from "../gen/realtime/chat/v1/chat_pb";
import type { CollabServerFrame } from "../gen/realtime/collab/v1/collab_pb";
import type { GameServerFrame } from "../gen/realtime/game/v1/game_pb";
import type { DocumentSync } from "./documentSync";

export type ConnectionState = "connecting" | "live" | "reconnecting" | "offline" | "stopped";

/** Tells the session when the network goes away and comes back (the browser's offline/online events). */
export interface Connectivity {
  onChange(listener: (online: boolean) => void): void;
}

export interface SessionListeners {
  state?: (state: ConnectionState) => void;
  /** Chat events, each message once and in order per room (repeats after a resume are dropped). */
  chat?: (frame: ChatServerFrame) => void;
  /** Document events after the local copy took them in (the document's text is already updated). */
  collab?: (frame: CollabServerFrame, document: DocumentSync | undefined) => void;
  game?: (frame: GameServerFrame) => void;
  /** A command the server refused for good (not retried). */
  refused?: (what: string, error: ConnectError) => void;
  /** The server refused the sign-in (an expired or invalid token) and no fresh token came: the session has stopped. */
  signedOut?: (error: ConnectError) => void;
}
