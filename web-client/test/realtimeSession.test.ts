import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import {
  ChatMessageSchema,
  ChatServerFrameSchema,
  MessageAckSchema,
  RoomJoinedSchema,
  type ChatMessage,
  type ChatServerFrame,
  type JoinRoom,
  type SendMessage,
} from "../src/gen/realtime/chat/v1/chat_pb";
import { MessageChangedSchema, ReactionChangedSchema } from "../src/gen/realtime/chat/v1/changes_pb";
import { ErrorDetailSchema, StreamPositionSchema } from "../src/gen/realtime/common/v1/stream_pb";
import { SessionFrameSchema, type SessionFrame } from "../src/gen/realtime/session/v1/session_pb";
import { Backoff } from "../src/lib/backoff";
import { RealtimeSession, type Connectivity } from "../src/lib/realtimeSession";
import type { SessionApi } from "../src/lib/sessionApi";

/**
 * A scripted server for one room: it keeps the room's log, idempotent by client message id, and
 * serves session streams that the test can cut. On a join with a resume point it replays from one
 * event *before* that point, so the client must drop the repeat itself.
 */
class FakeRoomServer implements Partial<SessionApi> {
  /** The room's stored events in offset order: messages and changes to them. */
  private readonly events: ChatServerFrame["event"][] = [];
  readonly joins: JoinRoom[] = [];
  failNextSendAfterStoring = false;
  /** Sends get no answer (and store nothing) while set. */
  stallSends = false;
  /** Joins refused as Unavailable (the room's grain moving) before one is taken. */
  joinsRefused = 0;
  /** Sessions the room is joined on; a send on another one is refused as "not joined", as the server does. */
  private readonly joinedSessions = new Set<string>();
  private stream: { push: (frame: SessionFrame) => void; fail: (error: Error) => void } | null = null;
  private sessions = 0;

  openSession = (signal: AbortSignal): AsyncIterable<SessionFrame> => {
    const queue: SessionFrame[] = [];
    let wake: (() => void) | null = null;
    let failure: Error | null = null;
    const id = `s${++this.sessions}`;
    this.stream = {
      push: (frame) => {
        queue.push(frame);
        wake?.();
      },
      fail: (error) => {
        failure = error;
        wake?.();
      },
    };
    signal.addEventListener("abort", () => this.stream?.fail(new ConnectError("aborted", Code.Canceled)));
    this.stream.push(create(SessionFrameSchema, { frame: { case: "opened", value: { sessionId: id } } }));
    return (async function* () {
      for (;;) {
        if (queue.length > 0) yield queue.shift()!;
        else if (failure) throw failure;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    })();
  };

  joinRoom = async (sessionId: string, join: JoinRoom) => {
    this.joins.push(join);
    if (this.joinsRefused > 0) {
      this.joinsRefused--;
      throw new ConnectError("The room is temporarily unavailable; retry.", Code.Unavailable);
    }
    this.joinedSessions.add(sessionId);
    const from = join.resumeFrom ? Number(join.resumeFrom.offset) - 1 : this.events.length;
    const joined = create(RoomJoinedSchema, { roomId: join.roomId, position: create(StreamPositionSchema, { epoch: "e", offset: BigInt(this.events.length) }) });
    this.push(create(ChatServerFrameSchema, { event: { case: "joined", value: joined } }));
    for (const event of this.events.slice(Math.max(0, from))) this.push(create(ChatServerFrameSchema, { event }));
    return joined;
  };

  sendMessage = async (sessionId: string, send: SendMessage) => {
    if (this.stallSends) return new Promise<never>(() => undefined);
    if (!this.joinedSessions.has(sessionId)) throw new ConnectError(`The room '${send.roomId}' is not joined on this stream; join it first.`, Code.FailedPrecondition);
    let message = this.log.find((m) => m.clientMessageId === send.clientMessageId);
    if (!message) {
      message = this.store(send.content, "me", send.clientMessageId);
      this.push(create(ChatServerFrameSchema, { event: { case: "message", value: message } }));
    }
    if (this.failNextSendAfterStoring) {
      this.failNextSendAfterStoring = false;
      throw new ConnectError("connection reset", Code.Unavailable);
    }
    return create(MessageAckSchema, { roomId: send.roomId, clientMessageId: send.clientMessageId, epoch: "e", offset: message.offset });
  };

  /** The messages stored, in offset order. */
  get log(): ChatMessage[] {
    return this.events.flatMap((event) => (event.case === "message" ? [event.value] : []));
  }

  /** Someone else's message: stored, and pushed only to a live stream. */
  other(content: string) {
    const message = this.store(content, "other", `other-${this.events.length}`);
    this.push(create(ChatServerFrameSchema, { event: { case: "message", value: message } }));
  }

  /** Someone else's reaction to the message at `messageOffset`: stored at the next offset like a message. */
  react(messageOffset: bigint) {
    const reaction = create(ReactionChangedSchema, { emoji: "👍", added: true, count: 1 });
    const value = create(MessageChangedSchema, { roomId: "r", epoch: "e", offset: BigInt(this.events.length + 1), messageOffset, actorId: "other", change: { case: "reaction", value: reaction } });
    this.events.push({ case: "changed", value });
    this.push(create(ChatServerFrameSchema, { event: { case: "changed", value } }));
  }

  /** The room's owner took this user's access away: the server removes the session from the room. */
  revoke(roomId: string) {
    const reason = create(ErrorDetailSchema, { code: Code.PermissionDenied, message: `Your access to the room '${roomId}' was revoked.` });
    this.push(create(ChatServerFrameSchema, { event: { case: "left", value: { roomId, reason } } }));
  }

  cut() {
    const stream = this.stream;
    this.stream = null;
    stream?.fail(new ConnectError("network", Code.Unavailable));
  }

  private store(content: string, senderId: string, clientMessageId: string) {
    const message = create(ChatMessageSchema, { roomId: "r", epoch: "e", offset: BigInt(this.events.length + 1), senderId, content, clientMessageId });
    this.events.push({ case: "message", value: message });
    return message;
  }

  private push(chat: ChatServerFrame) {
    this.stream?.push(create(SessionFrameSchema, { frame: { case: "chat", value: chat } }));
  }
}

class ManualConnectivity implements Connectivity {
  private listener: ((online: boolean) => void) | null = null;
  onChange(listener: (online: boolean) => void) {
    this.listener = listener;
  }
  set(online: boolean) {
    this.listener?.(online);
  }
}

const until = async (condition: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
};

const start = (server: FakeRoomServer, connectivity?: Connectivity) => {
  const received: ChatMessage[] = [];
  let id = 0;
  const session = new RealtimeSession(server as unknown as SessionApi, {
    chat: (frame) => frame.event.case === "message" && received.push(frame.event.value),
  }, { backoff: new Backoff(1, 5, () => 1), connectivity, newId: () => `c${++id}` });
  const running = session.run();
  return { session, received, running };
};

describe("RealtimeSession", () => {
  it("resumes a room from its last offset after the stream breaks, and drops the repeats", async () => {
    const server = new FakeRoomServer();
    const { session, received, running } = start(server);
    await session.joinRoom("r");
    await until(() => session.state === "live", "live");
    server.other("1");
    server.other("2");
    await until(() => received.length === 2, "two messages");

    server.cut();
    server.other("3 while down");
    server.other("4 while down");
    await until(() => received.length === 4, "the messages sent while down");

    expect(received.map((m) => m.offset)).toEqual([1n, 2n, 3n, 4n]);
    expect(server.joins.at(-1)?.resumeFrom?.offset).toBe(2n);
    session.stop();
    await running;
  });

  it("counts a change's offset as seen: a resume starts after it and its repeat is dropped", async () => {
    const server = new FakeRoomServer();
    const stored: bigint[] = [];
    const session = new RealtimeSession(server as unknown as SessionApi, {
      chat: (frame) => (frame.event.case === "message" || frame.event.case === "changed") && stored.push(frame.event.value.offset),
    }, { backoff: new Backoff(1, 5, () => 1) });
    const running = session.run();
    await session.joinRoom("r");
    await until(() => session.state === "live", "live");
    server.other("1");
    server.react(1n);
    await until(() => stored.length === 2, "the message and its reaction");

    server.cut();
    server.other("3 while down");
    await until(() => stored.length === 3, "the message sent while down");

    expect(stored).toEqual([1n, 2n, 3n]);
    expect(server.joins.at(-1)?.resumeFrom?.offset).toBe(2n);
    session.stop();
    await running;
  });

  it("sends a message once across a lost answer and an offline spell, and its ack resolves", async () => {
    const server = new FakeRoomServer();
    const connectivity = new ManualConnectivity();
    const { session, received, running } = start(server, connectivity);
    await session.joinRoom("r");
    await until(() => session.state === "live", "live");

    server.failNextSendAfterStoring = true;
    const first = session.send("r", "stored, but the answer was lost");
    await until(() => received.length === 1, "the echo");
    expect(session.pendingSends("r")).toEqual([]);
    connectivity.set(false);
    await until(() => session.state === "offline", "offline");
    const second = session.send("r", "typed while offline");
    expect(session.pendingSends("r").map((p) => p.content)).toEqual(["typed while offline"]);
    connectivity.set(true);

    const acks = await Promise.all([first, second]);
    await until(() => received.length === 2, "both messages");
    expect(acks.map((a) => a.offset)).toEqual([1n, 2n]);
    expect(server.log.map((m) => m.content)).toEqual(["stored, but the answer was lost", "typed while offline"]);
    expect(received.map((m) => m.offset)).toEqual([1n, 2n]);
    session.stop();
    await running;
  });

  it("asks again, on the same stream, for a join refused while the room moves, and its sends wait for it", async () => {
    const server = new FakeRoomServer();
    const refused: string[] = [];
    const received: ChatMessage[] = [];
    const session = new RealtimeSession(
      server as unknown as SessionApi,
      { chat: (frame) => frame.event.case === "message" && received.push(frame.event.value), refused: (what) => refused.push(what) },
      { backoff: new Backoff(1, 5, () => 1), commandBackoff: () => new Backoff(1, 5, () => 1), newId: () => "c1" },
    );
    const running = session.run();
    await until(() => session.state === "live", "live");

    server.joinsRefused = 2;
    const joined = session.joinRoom("r");
    const ack = session.send("r", "sent while the join is refused");

    expect(await joined).toBe(true);
    expect((await ack).offset).toBe(1n);
    await until(() => received.length === 1, "the message");
    expect(server.joins.length).toBe(3);
    expect(refused).toEqual([]);
    expect(server.log.map((m) => m.content)).toEqual(["sent while the join is refused"]);
    session.stop();
    await running;
  });

  it("gets a fresh token when the server says the current one expired, and carries on", async () => {
    const server = new FakeRoomServer();
    const open = server.openSession;
    let expired = true;
    server.openSession = (signal: AbortSignal) => {
      if (!expired) return open(signal);
      return (async function* () {
        yield* [];
        throw new ConnectError("The token expired; reconnect with a fresh token to resume.", Code.Unauthenticated);
      })();
    };
    const refused: string[] = [];
    let refreshed = 0;
    const session = new RealtimeSession(server as unknown as SessionApi, { refused: (what) => refused.push(what) }, {
      backoff: new Backoff(1, 5, () => 1),
      refreshToken: async () => {
        refreshed++;
        expired = false;
        return true;
      },
    });
    const running = session.run();
    await until(() => session.state === "live", "live with the fresh token");
    expect([refreshed, refused]).toEqual([1, []]);
    session.stop();
    await running;
  });

  it("stops and says so when the server refuses the sign-in and no fresh token comes, failing what was unsent", async () => {
    const server = new FakeRoomServer();
    let opened = 0;
    server.openSession = () => {
      opened++;
      return (async function* () {
        yield* [];
        throw new ConnectError("invalid token", Code.Unauthenticated);
      })();
    };
    const signedOut: string[] = [];
    const session = new RealtimeSession(server as unknown as SessionApi, { signedOut: (error) => signedOut.push(error.rawMessage) }, {
      backoff: new Backoff(1, 5, () => 1),
      refreshToken: async () => false,
    });
    const unsent = session.send("r", "never sent").then(() => null, (error: ConnectError) => error.code);
    await session.run();

    expect([session.state, opened, signedOut, await unsent]).toEqual(["stopped", 1, ["invalid token"], Code.Unauthenticated]);
  });

  it("forgets a room the server removed it from: no rejoin after a reconnect, its unanswered message fails", async () => {
    const server = new FakeRoomServer();
    const refused: [string, Code][] = [];
    const session = new RealtimeSession(server as unknown as SessionApi, { refused: (what, error) => refused.push([what, error.code]) }, {
      backoff: new Backoff(1, 5, () => 1),
    });
    const running = session.run();
    await session.joinRoom("r");
    await session.joinRoom("other");
    await until(() => session.state === "live", "live");
    server.stallSends = true;
    const failed = session.send("r", "sent just before the news").then(() => null, (error: ConnectError) => error.code);

    server.revoke("r");
    await until(() => refused.length === 1, "the removal reported");
    server.stallSends = false;
    server.cut();
    // Rooms are rejoined together: once the other room is back, a rejoin of the revoked one would have been sent too.
    await until(() => server.joins.filter((j) => j.roomId === "other").length === 2, "the other room rejoined");

    expect(refused).toEqual([["room r", Code.PermissionDenied]]);
    expect(await failed).toBe(Code.PermissionDenied);
    expect(server.joins.filter((j) => j.roomId === "r").length).toBe(1);
    expect(session.pendingSends("r")).toEqual([]);
    expect(server.log).toEqual([]);
    session.stop();
    await running;
  });
});
