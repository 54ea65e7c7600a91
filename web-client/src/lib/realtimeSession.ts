import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type { ChangeAck, ChangeMessageInSessionRequest } from "../gen/realtime/chat/v1/changes_pb";
import { JoinRoomSchema, SendMessageSchema, SetTypingSchema, type ChatServerFrame, type MessageAck } from "../gen/realtime/chat/v1/chat_pb";
import { OpenDocumentSchema, UpdateCursorSchema, type CollabServerFrame, type DocumentSnapshot, type SubmitEdit } from "../gen/realtime/collab/v1/collab_pb";
import { ArenaInputSchema, GameRole, JoinGameSchema, SendInputSchema, type GameServerFrame } from "../gen/realtime/game/v1/game_pb";
import { StreamPositionSchema, type ErrorDetail } from "../gen/realtime/common/v1/stream_pb";
import type { SessionFrame } from "../gen/realtime/session/v1/session_pb";
import { Backoff } from "./backoff";
import { retryInPassing } from "./retryInPassing";
import { DocumentSync } from "./documentSync";
import { changeMessage } from "./messageChanges";
import type { SessionApi } from "./sessionApi";
import { PendingSends, type PendingSend } from "./pendingSends";
import type { Connectivity, ConnectionState, SessionListeners } from "./sessionTypes";
import { TextOperation } from "./textOperation";
import { TopicPositions } from "./topicPositions";

export type { Connectivity, ConnectionState, SessionListeners } from "./sessionTypes";

/** Whether a snapshot is ahead of the local copy (the same opening arrives by the stream and as the answer). */
const isNewer = (document: DocumentSync, snapshot: DocumentSnapshot) =>
  snapshot.epoch !== document.epoch || snapshot.revision > document.revision;

/** A send refused as "not joined": its room's (re)join is still on its way, so it is asked again. */
const notJoinedYet = (error: ConnectError) => error.code === Code.FailedPrecondition;

/**
 * One tab's session: one server stream carrying every room, document and game the tab has, and unary
 * commands naming it. When the stream breaks (network drop, server restart, reconnect hint) it opens
 * a new one with backoff, rejoins every topic from the last offset it saw, resubmits what was not
 * acknowledged (sends and edits are idempotent by their client ids) and drops repeated events. A
 * command refused in passing on a live stream (a room's grain moving to another silo, storage away, a
 * send that reached the server before its room's rejoin) is asked again with backoff on that stream.
 */
export class RealtimeSession {
  private readonly rooms = new Set<string>();
  private readonly documents = new Map<string, DocumentSync>();
  private readonly games = new Map<string, GameRole>();
  private readonly positions = new TopicPositions();
  private readonly pending = new PendingSends();
  private readonly backoff: Backoff;
  private sessionId: string | null = null;
  private stream: AbortController | null = null;
  private online = true;
  private wake: (() => void) | null = null;
  private stopped = false;
  private inputSequence = 0n;
  private stateValue: ConnectionState = "connecting";

  constructor(
    private readonly api: SessionApi,
    private readonly listeners: SessionListeners = {},
    options: {
      backoff?: Backoff;
      /** Pauses between tries of a command that failed in passing (a grain moving, storage away) on the same stream. */
      commandBackoff?: () => Backoff;
      connectivity?: Connectivity;
      newId?: () => string;
      refreshToken?: () => Promise<boolean>;
    } = {},
  ) {
    this.backoff = options.backoff ?? new Backoff();
    this.commandBackoff = options.commandBackoff ?? (() => new Backoff(250, 4_000));
    this.refreshToken = options.refreshToken ?? (() => Promise.resolve(false));
    this.newId = options.newId ?? (() => crypto.randomUUID());
    options.connectivity?.onChange((online) => {
      this.online = online;
      if (!online) {
        this.setState("offline");
        this.stream?.abort();
      }
      this.wake?.();
    });
  }

  private readonly newId: () => string;
  private readonly commandBackoff: () => Backoff;
  /** Gets a new token after the server said the current one is no good; false when there is none to get. */
  private readonly refreshToken: () => Promise<boolean>;

  get state(): ConnectionState {
    return this.stateValue;
  }

  document(documentId: string): DocumentSync | undefined {
    return this.documents.get(documentId);
  }

  /** Runs until stop(), or until the server refuses the sign-in for good: keeps one session stream open. */
  async run(): Promise<void> {
    while (!this.stopped) {
      if (!this.online) {
        await this.sleep(Number.POSITIVE_INFINITY);
        continue;
      }
      let retryAfter: number | null = null;
      this.stream = new AbortController();
      try {
        for await (const frame of this.api.openSession(this.stream.signal)) {
          retryAfter = this.receive(frame) ?? retryAfter;
        }
      } catch (error) {
        if (this.stopped) break;
        // An expired token ends the stream: get a fresh one and resume, or stop and say why (retrying cannot help).
        if (error instanceof ConnectError && error.code === Code.Unauthenticated && !(await this.refreshToken().catch(() => false))) {
          this.stopped = true;
          this.pending.refuseAll(error);
          this.listeners.signedOut?.(error);
          break;
        }
      }
      this.sessionId = null;
      if (this.stopped) break;
      this.setState(this.online ? "reconnecting" : "offline");
      await this.sleep(retryAfter ?? this.backoff.next());
    }
    this.setState("stopped");
  }

  stop(): void {
    this.stopped = true;
    this.stream?.abort();
    this.wake?.();
  }

  /** Joins a room, rejoined after every reconnect; false (and forgotten) when the server refuses it for good. */
  joinRoom(roomId: string): Promise<boolean> {
    this.rooms.add(roomId);
    return this.sessionId ? this.rejoinRoom(this.sessionId, roomId) : Promise.resolve(true);
  }

  async leaveRoom(roomId: string): Promise<void> {
    this.rooms.delete(roomId);
    this.positions.forget(`chat/${roomId}`);
    if (this.sessionId) await this.api.leaveRoom(this.sessionId, roomId);
  }

  /** Sends a message (a reply when `threadOffset` names a thread's root); resolves with its ack, however many reconnects it takes. */
  send(roomId: string, content: string, threadOffset = 0n, clientMessageId = this.newId()): Promise<MessageAck> {
    const { send, acked } = this.pending.add(roomId, clientMessageId, content, threadOffset);
    if (this.sessionId) void this.deliver(this.sessionId, send);
    return acked;
  }

  /** Messages sent to the room's main timeline (or to one of its threads) that it has not shown yet, oldest first. */
  pendingSends(roomId: string, threadOffset = 0n): { clientMessageId: string; content: string }[] {
    return this.pending.unshown(roomId, threadOffset);
  }

  /** Edits, deletes or reacts to a message; see `changeMessage`. */
  changeMessage(change: ChangeMessageInSessionRequest["change"]): Promise<ChangeAck> {
    return changeMessage(this.api, () => (this.stopped ? null : this.sessionId), this.commandBackoff(), change);
  }

  async setTyping(roomId: string, typing: boolean): Promise<void> {
    if (!this.sessionId) return;
    await this.api.setTyping(this.sessionId, create(SetTypingSchema, { roomId, typing })).catch(() => undefined);
  }

  /** Opens a document, reopened after every reconnect; false (and forgotten) when the server refuses it for good. */
  openDocument(documentId: string): Promise<boolean> {
    if (!this.documents.has(documentId)) this.documents.set(documentId, new DocumentSync(documentId, "", -1n, "", this.newId));
    return this.sessionId ? this.reopenDocument(this.sessionId, documentId) : Promise.resolve(true);
  }

  /** Applies a local edit to the document and sends it when nothing else is outstanding. */
  edit(documentId: string, operation: TextOperation): void {
    const document = this.documents.get(documentId);
    if (!document) throw new Error(`Document ${documentId} is not open.`);
    const next = document.applyLocal(operation);
    if (next) this.submit(next);
  }

  async updateCursor(documentId: string, anchor: number, head: number): Promise<void> {
    const document = this.documents.get(documentId);
    if (!this.sessionId || !document || !document.isSynced) return;
    await this.api
      .updateCursor(this.sessionId, create(UpdateCursorSchema, { documentId, revision: document.revision, anchor: BigInt(anchor), head: BigInt(head) }))
      .catch(() => undefined);
  }

  /** Joins a game, rejoined after every reconnect; false (and forgotten) when the server refuses it for good. */
  joinGame(gameId: string, role: GameRole = GameRole.PLAYER): Promise<boolean> {
    this.games.set(gameId, role);
    return this.sessionId ? this.rejoinGame(this.sessionId, gameId) : Promise.resolve(true);
  }

  /** Sends a movement input; returns its sequence (the server reports the last one it applied). */
  sendInput(gameId: string, moveX: number, moveY: number): bigint {
    const sequence = ++this.inputSequence;
    if (this.sessionId) {
      void this.api
        .sendInput(this.sessionId, create(SendInputSchema, { gameId, sequence, input: { case: "arena", value: create(ArenaInputSchema, { moveX, moveY }) } }))
        .catch(() => undefined);
    }
    return sequence;
  }

  /** Handles one frame; returns a reconnect delay when the server asked for one. */
  private receive(frame: SessionFrame): number | null {
    switch (frame.frame.case) {
      case "opened":
        this.sessionId = frame.frame.value.sessionId;
        this.backoff.reset();
        this.setState("live");
        void this.resubscribe(this.sessionId);
        return null;
      case "reconnect":
        return frame.frame.value.retryAfterMs;
      case "chat":
        this.receiveChat(frame.frame.value);
        return null;
      case "collab":
        this.receiveCollab(frame.frame.value);
        return null;
      case "game": {
        const event = frame.frame.value.event;
        if (event.case === "left" && event.value.reason) this.removed(`game ${event.value.gameId}`, event.value.reason, () => this.games.delete(event.value.gameId));
        this.listeners.game?.(frame.frame.value);
        return null;
      }
      default:
        return null;
    }
  }

  private receiveChat(frame: ChatServerFrame): void {
    const event = frame.event;
    if (event.case === "message") {
      const message = event.value;
      if (!this.positions.accept(`chat/${message.roomId}`, message.epoch, message.offset)) return;
      // Shown from now on as a message; its send still settles with the ack (or a resend's).
      this.pending.echoed(message.clientMessageId);
    } else if (event.case === "changed" || event.case === "moderated") {
      if (!this.positions.accept(`chat/${event.value.roomId}`, event.value.epoch, event.value.offset)) return;
    } else if (event.case === "joined" && event.value.position && !this.positions.resumeFrom(`chat/${event.value.roomId}`)) {
      this.positions.reset(`chat/${event.value.roomId}`, event.value.position.epoch, event.value.position.offset);
    } else if (event.case === "continuityLost" && event.value.position) {
      this.positions.reset(`chat/${event.value.roomId}`, event.value.position.epoch, event.value.position.offset);
    } else if (event.case === "left" && event.value.reason) {
      const roomId = event.value.roomId;
      this.removed(`room ${roomId}`, event.value.reason, () => {
        this.rooms.delete(roomId);
        this.positions.forget(`chat/${roomId}`);
        this.pending.refuseRoom(roomId, new ConnectError(event.value.reason!.message, event.value.reason!.code));
      });
    }
    this.listeners.chat?.(frame);
  }

  private receiveCollab(frame: CollabServerFrame): void {
    const event = frame.event;
    const document = event.value && "documentId" in event.value ? this.documents.get(event.value.documentId) : undefined;
    if (event.case === "edit" && document) {
      const wasSynced = document.isSynced;
      const { applied, next } = document.applyServer(event.value);
      if (next) this.submit(next);
      // The echo of this tab's last edit changes no text but makes the copy synced: listeners show that.
      if (!applied && (wasSynced || !document.isSynced)) return;
    } else if (event.case === "opened" && document && event.value.snapshot && isNewer(document, event.value.snapshot)) {
      document.reset(event.value.snapshot);
    } else if (event.case === "continuityLost" && document && event.value.snapshot) {
      document.reset(event.value.snapshot);
    } else if (event.case === "closed" && event.value.reason) {
      const documentId = event.value.documentId;
      this.removed(`document ${documentId}`, event.value.reason, () => this.documents.delete(documentId));
    }
    this.listeners.collab?.(frame, document);
  }

  /** The server took this session out of a topic (its access was revoked): forget it, so it is not rejoined, and say why. */
  private removed(what: string, reason: ErrorDetail, forget: () => void): void {
    forget();
    this.listeners.refused?.(what, new ConnectError(reason.message, reason.code));
  }

  private async resubscribe(sessionId: string): Promise<void> {
    await Promise.all([
      ...[...this.rooms].map((room) => this.rejoinRoom(sessionId, room)),
      ...[...this.documents.keys()].map((document) => this.reopenDocument(sessionId, document)),
      ...[...this.games.keys()].map((game) => this.rejoinGame(sessionId, game)),
    ]);
    for (const send of this.pending.all()) void this.deliver(sessionId, send);
  }

  private async rejoinRoom(sessionId: string, roomId: string): Promise<boolean> {
    const join = create(JoinRoomSchema, { roomId, resumeFrom: this.positions.resumeFrom(`chat/${roomId}`) });
    const { refused } = await this.subscribe(sessionId, `join ${roomId}`, () => (this.rooms.has(roomId) ? this.api.joinRoom(sessionId, join) : Promise.resolve(undefined)), () => {
      this.rooms.delete(roomId);
      this.positions.forget(`chat/${roomId}`);
    });
    return !refused;
  }

  private async reopenDocument(sessionId: string, documentId: string): Promise<boolean> {
    const document = this.documents.get(documentId)!;
    const resumeFrom = document.revision >= 0n ? create(StreamPositionSchema, { epoch: document.epoch, offset: document.revision }) : undefined;
    const open = create(OpenDocumentSchema, { documentId, resumeFrom });
    const { answer: opened, refused } = await this.subscribe(sessionId, `open ${documentId}`, () => (this.documents.has(documentId) ? this.api.openDocument(sessionId, open) : Promise.resolve(undefined)), () =>
      this.documents.delete(documentId),
    );
    if (refused) return false;
    // The stream carries the same opening, and maybe edits after it, possibly before this answer.
    if (opened?.snapshot && isNewer(document, opened.snapshot)) {
      document.reset(opened.snapshot);
      this.listeners.collab?.({ event: { case: "opened", value: opened } } as CollabServerFrame, document);
    }
    const resubmission = document.submission();
    if (resubmission) this.submit(resubmission);
    return true;
  }

  private async rejoinGame(sessionId: string, gameId: string): Promise<boolean> {
    const join = create(JoinGameSchema, { gameId, role: this.games.get(gameId) });
    const { answer: joined, refused } = await this.subscribe(sessionId, `join game ${gameId}`, () => (this.games.has(gameId) ? this.api.joinGame(sessionId, join) : Promise.resolve(undefined)), () =>
      this.games.delete(gameId),
    );
    if (joined) this.listeners.game?.({ event: { case: "joined", value: joined } } as GameServerFrame);
    return !refused;
  }

  private submit(edit: SubmitEdit): void {
    const sessionId = this.sessionId;
    if (!sessionId) return;
    void this.command(sessionId, `edit ${edit.documentId}`, () => this.api.submitEdit(sessionId, edit));
  }

  private async deliver(sessionId: string, send: PendingSend): Promise<void> {
    const ack = await this.command(
      sessionId,
      `send to ${send.roomId}`,
      // Retries stop once the send is settled or dropped (its room was taken away).
      () =>
        this.pending.isPending(send.clientMessageId)
          ? this.api.sendMessage(sessionId, create(SendMessageSchema, { roomId: send.roomId, clientMessageId: send.clientMessageId, content: send.content, threadOffset: send.threadOffset }))
          : Promise.resolve(undefined),
      (failure) => this.pending.refuse(send.clientMessageId, failure),
      notJoinedYet,
    );
    if (ack) this.pending.acknowledge(send.clientMessageId, ack);
  }

  /** A join or open: when the server refuses it for good, `forget` drops the topic so that no reconnect asks again. */
  private async subscribe<T>(sessionId: string, what: string, call: () => Promise<T>, forget: () => void): Promise<{ answer: T | undefined; refused: boolean }> {
    let refused = false;
    const answer = await this.command(sessionId, what, call, () => {
      refused = true;
      forget();
    });
    return { answer, refused };
  }

  /**
   * Runs a command on session `sessionId`. A refusal for good is reported (and `refused` runs); a failure
   * in passing (a grain moving, storage away, or `alsoRetry`) is tried again with backoff while that
   * session's stream lasts — a new stream resubscribes and resends anyway.
   */
  private async command<T>(
    sessionId: string,
    what: string,
    call: () => Promise<T>,
    refused?: (failure: ConnectError) => void,
    alsoInPassing?: (failure: ConnectError) => boolean,
  ): Promise<T | undefined> {
    try {
      return await retryInPassing(call, this.commandBackoff(), () => !this.stopped && this.sessionId === sessionId, alsoInPassing);
    } catch (error) {
      const failure = ConnectError.from(error);
      refused?.(failure);
      this.listeners.refused?.(what, failure);
      return undefined;
    }
  }

  private setState(state: ConnectionState): void {
    if (this.stateValue === state) return;
    this.stateValue = state;
    this.listeners.state?.(state);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}
