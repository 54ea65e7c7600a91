import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import {
  CollabServerFrameSchema,
  DocumentEditSchema,
  DocumentOpenedSchema,
  DocumentSnapshotSchema,
  type CollabServerFrame,
  type OpenDocument,
  type SubmitEdit,
} from "../src/gen/realtime/collab/v1/collab_pb";
import { SessionFrameSchema, type SessionFrame } from "../src/gen/realtime/session/v1/session_pb";
import { Backoff } from "../src/lib/backoff";
import { toWire } from "../src/lib/operationWire";
import { RealtimeSession } from "../src/lib/realtimeSession";
import type { SessionApi } from "../src/lib/sessionApi";
import { TextOperation } from "../src/lib/textOperation";

const collab = (frame: CollabServerFrame): SessionFrame => create(SessionFrameSchema, { frame: { case: "collab", value: frame } });

/** The session's stream: yields what is pushed onto `frames`, woken by `wake` after a push. */
const sessionStream = (frames: SessionFrame[]) => {
  let wake: () => void = () => undefined;
  return {
    wake: () => wake(),
    open: (signal: AbortSignal) =>
      (async function* () {
        signal.addEventListener("abort", () => wake());
        while (!signal.aborted) {
          if (frames.length > 0) yield frames.shift()!;
          else await new Promise<void>((resolve) => (wake = resolve));
        }
      })(),
  };
};

describe("RealtimeSession with a document", () => {
  it("keeps an edit the stream delivered before the open call's answer arrived", async () => {
    const snapshot = create(DocumentSnapshotSchema, { documentId: "d", epoch: "e", revision: 0n, content: "abc" });
    const opened = create(DocumentOpenedSchema, { documentId: "d", position: { epoch: "e", offset: 0n }, snapshot });
    const frames: SessionFrame[] = [create(SessionFrameSchema, { frame: { case: "opened", value: { sessionId: "s" } } })];
    let release: () => void = () => undefined;
    const stream = sessionStream(frames);
    const api = {
      openSession: stream.open,
      openDocument: async (_: string, open: OpenDocument) => {
        expect(open.resumeFrom).toBeUndefined();
        // The stream gets the opening and a later edit first; the answer comes after both.
        frames.push(collab(create(CollabServerFrameSchema, { event: { case: "opened", value: opened } })));
        frames.push(collab(create(CollabServerFrameSchema, {
          event: { case: "edit", value: create(DocumentEditSchema, { documentId: "d", epoch: "e", revision: 1n, clientEditId: "other", operation: toWire(TextOperation.replace(3, 3, 3, "d")) }) },
        })));
        stream.wake();
        await new Promise<void>((resolve) => (release = resolve));
        return opened;
      },
    } as unknown as SessionApi;
    const session = new RealtimeSession(api, {}, { backoff: new Backoff(1, 1, () => 0) });
    const running = session.run();
    for (let i = 0; i < 100 && session.state !== "live"; i++) await new Promise((r) => setTimeout(r, 5));
    const opening = session.openDocument("d");
    for (let i = 0; i < 100 && session.document("d")?.revision !== 1n; i++) await new Promise((r) => setTimeout(r, 5));
    release();
    await opening;

    expect(session.document("d")?.text).toBe("abcd");
    expect(session.document("d")?.revision).toBe(1n);
    session.stop();
    await running;
  });

  it("tells its listener when the echo of its last edit makes the document synced", async () => {
    const snapshot = create(DocumentSnapshotSchema, { documentId: "d", epoch: "e", revision: 0n, content: "abc" });
    const opened = create(DocumentOpenedSchema, { documentId: "d", position: { epoch: "e", offset: 0n }, snapshot });
    const frames: SessionFrame[] = [create(SessionFrameSchema, { frame: { case: "opened", value: { sessionId: "s" } } })];
    const stream = sessionStream(frames);
    const submitted: SubmitEdit[] = [];
    const api = {
      openSession: stream.open,
      openDocument: async () => opened,
      submitEdit: async (_: string, edit: SubmitEdit) => {
        submitted.push(edit);
        return {};
      },
    } as unknown as SessionApi;
    const seen: { event: string | undefined; synced: boolean | undefined }[] = [];
    const session = new RealtimeSession(api, { collab: (frame, document) => seen.push({ event: frame.event.case, synced: document?.isSynced }) }, { backoff: new Backoff(1, 1, () => 0) });
    const running = session.run();
    for (let i = 0; i < 100 && session.state !== "live"; i++) await new Promise((r) => setTimeout(r, 5));
    await session.openDocument("d");
    session.edit("d", TextOperation.replace(3, 3, 3, "d"));
    for (let i = 0; i < 100 && submitted.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(session.document("d")?.isSynced).toBe(false);

    const own = submitted[0]!;
    const operation = own.change.case === "operation" ? own.change.value : undefined;
    frames.push(collab(create(CollabServerFrameSchema, {
      event: { case: "edit", value: create(DocumentEditSchema, { documentId: "d", epoch: "e", revision: 1n, clientEditId: own.clientEditId, operation }) },
    })));
    stream.wake();
    for (let i = 0; i < 100 && !seen.some((s) => s.event === "edit"); i++) await new Promise((r) => setTimeout(r, 5));

    expect(seen.filter((s) => s.event === "edit")).toEqual([{ event: "edit", synced: true }]);
    expect(session.document("d")?.text).toBe("abcd");
    session.stop();
    await running;
  });
});
