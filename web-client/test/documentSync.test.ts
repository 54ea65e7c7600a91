import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { DocumentEditSchema, DocumentSnapshotSchema, type SubmitEdit } from "../src/gen/realtime/collab/v1/collab_pb";
import { DocumentSync } from "../src/lib/documentSync";
import { fromWire, toWire } from "../src/lib/operationWire";
import { TextOperation } from "../src/lib/textOperation";

/** The server's side of one document: applies submissions rebased over what they did not see (the submission is the left side). */
class FakeServer {
  text = "";
  readonly log: { revision: bigint; clientEditId: string; operation: TextOperation }[] = [];
  private readonly seen = new Set<string>();

  submit(edit: SubmitEdit) {
    if (this.seen.has(edit.clientEditId)) return;
    this.seen.add(edit.clientEditId);
    let operation = fromWire((edit.change.value as never) as Parameters<typeof fromWire>[0]);
    for (const applied of this.log.filter((e) => e.revision > edit.baseRevision)) {
      [operation] = TextOperation.transform(operation, applied.operation);
    }
    this.text = operation.apply(this.text);
    this.log.push({ revision: BigInt(this.log.length + 1), clientEditId: edit.clientEditId, operation });
  }

  edit(index: number) {
    const entry = this.log[index]!;
    return create(DocumentEditSchema, { documentId: "d", epoch: "e", revision: entry.revision, clientEditId: entry.clientEditId, operation: toWire(entry.operation) });
  }
}

let ids = 0;
const newId = () => `edit-${++ids}`;

describe("DocumentSync", () => {
  it("keeps one edit outstanding, buffers the rest, and converges with a concurrent author", () => {
    const server = new FakeServer();
    const alice = new DocumentSync("d", "e", 0n, "", newId);
    const bob = new DocumentSync("d", "e", 0n, "", newId);
    const outbox: { from: DocumentSync; edit: SubmitEdit }[] = [];
    const send = (from: DocumentSync, edit: SubmitEdit | null) => edit && outbox.push({ from, edit });

    send(alice, alice.applyLocal(TextOperation.replace(0, 0, 0, "hello")));
    expect(alice.applyLocal(TextOperation.replace(5, 5, 5, "!"))).toBeNull();
    send(bob, bob.applyLocal(TextOperation.replace(0, 0, 0, "world")));
    expect(alice.text).toBe("hello!");

    // Deliver everything: submissions reach the server, every edit reaches both clients in order.
    let delivered = 0;
    while (outbox.length > 0 || delivered < server.log.length) {
      const next = outbox.shift();
      if (next) server.submit(next.edit);
      for (; delivered < server.log.length; delivered++) {
        for (const client of [alice, bob]) send(client, client.applyServer(server.edit(delivered)).next);
      }
    }

    expect(alice.text).toBe(server.text);
    expect(bob.text).toBe(server.text);
    expect(alice.isSynced && bob.isSynced).toBe(true);
    expect(server.text).toContain("hello!");
    expect(server.text).toContain("world");
  });

  it("treats a replayed edit as nothing new and resubmits its outstanding edit with the same id", () => {
    const server = new FakeServer();
    const client = new DocumentSync("d", "e", 0n, "", newId);
    const first = client.applyLocal(TextOperation.replace(0, 0, 0, "abc"))!;
    server.submit(first);
    server.submit(client.submission()!);
    expect(server.log).toHaveLength(1);
    expect(client.applyServer(server.edit(0)).applied).toBeNull();
    expect(client.applyServer(server.edit(0))).toEqual({ applied: null, next: null });
    expect(client.isSynced).toBe(true);
  });

  it("drops unacknowledged edits on a snapshot reset and says so", () => {
    const client = new DocumentSync("d", "e", 3n, "abc", newId);
    client.applyLocal(TextOperation.replace(3, 3, 3, "d"));
    expect(client.reset(create(DocumentSnapshotSchema, { documentId: "d", epoch: "e2", revision: 9n, content: "zz" }))).toBe(true);
    expect([client.text, client.revision, client.epoch, client.isSynced]).toEqual(["zz", 9n, "e2", true]);
  });
});
