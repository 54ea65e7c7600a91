import { create } from "@bufbuild/protobuf";
import { SubmitEditSchema, type DocumentEdit, type DocumentSnapshot, type SubmitEdit } from "../gen/realtime/collab/v1/collab_pb";
import { fromWire, toWire } from "./operationWire";
import { TextOperation } from "./textOperation";

/**
 * Client-side OT for one document, with the .NET SDK's semantics: local edits apply at once; at most
 * one edit is outstanding at the server and later ones are composed into a buffer; every server
 * edit is transformed against both (the outstanding edit is the left side, as on the server). The
 * outstanding edit is acknowledged by its own echo in the ordered stream, so resubmitting it after a
 * reconnect is safe: the server applies a client edit id once.
 */
export class DocumentSync {
  private outstanding: { clientEditId: string; operation: TextOperation } | null = null;
  private buffer: TextOperation | null = null;

  constructor(
    readonly documentId: string,
    public epoch: string,
    public revision: bigint,
    public text: string,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  get isSynced(): boolean {
    return this.outstanding === null && this.buffer === null;
  }

  /** Applies a local edit; returns the command to send now, if nothing else is outstanding. */
  applyLocal(operation: TextOperation): SubmitEdit | null {
    this.text = operation.apply(this.text);
    if (operation.isNoop) return null;
    if (this.outstanding === null) {
      this.outstanding = { clientEditId: this.newId(), operation };
      return this.submission();
    }
    this.buffer = this.buffer === null ? operation : this.buffer.compose(operation);
    return null;
  }

  /**
   * Takes the server's next edit: returns the operation applied to the local text (null for the echo
   * of this client's own edit, or a replay) and the next command to send, if any.
   */
  applyServer(edit: DocumentEdit): { applied: TextOperation | null; next: SubmitEdit | null } {
    if (edit.revision <= this.revision) return { applied: null, next: null };
    this.revision = edit.revision;
    if (this.outstanding !== null && edit.clientEditId === this.outstanding.clientEditId) {
      this.outstanding = this.buffer === null ? null : { clientEditId: this.newId(), operation: this.buffer };
      this.buffer = null;
      return { applied: null, next: this.submission() };
    }
    let operation = fromWire(edit.operation!);
    if (this.outstanding !== null) {
      const [pending, incoming] = TextOperation.transform(this.outstanding.operation, operation);
      this.outstanding = { clientEditId: this.outstanding.clientEditId, operation: pending };
      operation = incoming;
    }
    if (this.buffer !== null) {
      [this.buffer, operation] = TextOperation.transform(this.buffer, operation);
    }
    this.text = operation.apply(this.text);
    return { applied: operation, next: null };
  }

  /** The outstanding edit as a command against the current revision (also for a resubmission). */
  submission(): SubmitEdit | null {
    if (this.outstanding === null) return null;
    return create(SubmitEditSchema, {
      documentId: this.documentId,
      clientEditId: this.outstanding.clientEditId,
      baseRevision: this.revision,
      change: { case: "operation", value: toWire(this.outstanding.operation) },
    });
  }

  /** Replaces the copy with a server snapshot; returns whether unacknowledged local edits were lost. */
  reset(snapshot: DocumentSnapshot): boolean {
    const lost = !this.isSynced;
    this.epoch = snapshot.epoch;
    this.revision = snapshot.revision;
    this.text = snapshot.content;
    this.outstanding = null;
    this.buffer = null;
    return lost;
  }
}
