import type { CollabServerFrame, CursorChanged } from "../gen/realtime/collab/v1/collab_pb";
import { AccessRole } from "../gen/realtime/common/v1/access_pb";
import type { DocumentSync } from "../lib/documentSync";
import { h, userColor } from "../lib/dom";
import type { RealtimeSession } from "../lib/realtimeSession";
import { diff, toCodePoints, toUtf16 } from "../lib/textDiff";

/** A shared text: local typing becomes operations, remote operations move the text and every cursor. */
export class EditorView {
  private documentId: string | null = null;
  private shown = "";
  private readonly cursors = new Map<string, CursorChanged>();
  private cursorTimer: ReturnType<typeof setTimeout> | undefined;
  /** The cursor moved while local edits were unacknowledged: it is sent once the document is synced. */
  private cursorOwed = false;
  private readonly text = h("textarea", { id: "document-text", spellcheck: "false", disabled: true });
  private readonly mirror = h("pre", { class: "mirror card", id: "document-mirror" });
  private readonly status = h("span", { class: "status", id: "document-status" }, "No document open");
  private readonly documentInput = h("input", { id: "document-input", placeholder: "Document name", autocomplete: "off" });

  constructor(
    root: HTMLElement,
    private readonly session: RealtimeSession,
    private readonly me: string,
  ) {
    root.classList.add("editor-layout");
    const openForm = h("form", { class: "toolbar", id: "open-form" }, this.documentInput, h("button", { type: "submit" }, "Open"), this.status);
    root.append(
      h("div", { class: "card" }, openForm, this.text),
      h("div", {}, h("p", { class: "hint" }, "Everyone's cursors and selections, live:"), this.mirror),
    );
    openForm.addEventListener("submit", (e) => {
      e.preventDefault();
      const id = this.documentInput.value.trim();
      if (id) void this.open(id);
    });
    this.text.addEventListener("input", () => this.local());
    for (const event of ["select", "keyup", "click"]) this.text.addEventListener(event, () => this.sendCursorSoon());
  }

  async open(documentId: string): Promise<void> {
    this.documentId = documentId;
    this.cursors.clear();
    this.cursorOwed = false;
    if (!(await this.session.openDocument(documentId))) {
      // Refused (e.g. a private document); the session says why in the header.
      this.documentId = null;
      this.text.disabled = true;
      this.status.textContent = "Not opened";
      return;
    }
    this.text.disabled = false;
    this.refresh(this.session.document(documentId));
  }

  /** Takes one document event after the session's copy took it in. */
  receive(frame: CollabServerFrame, document: DocumentSync | undefined): void {
    const event = frame.event;
    if (!document || document.documentId !== this.documentId) return;
    switch (event.case) {
      case "edit": {
        // Others' cursors move with the text, as the server would move them.
        const applied = diff(this.shown, document.text);
        for (const [id, cursor] of this.cursors) {
          this.cursors.set(id, { ...cursor, anchor: BigInt(applied.transformPosition(Number(cursor.anchor))), head: BigInt(applied.transformPosition(Number(cursor.head))) });
        }
        break;
      }
      case "cursor":
        if (event.value.removed || event.value.userId === this.me) this.cursors.delete(event.value.connectionId);
        else this.cursors.set(event.value.connectionId, event.value);
        break;
      case "closed":
        if (!event.value.reason) return;
        // The server closed it (access revoked); the session says why in the header.
        this.documentId = null;
        this.text.disabled = true;
        this.status.textContent = "Closed: no longer shared with you";
        return;
      case "opened":
        this.text.readOnly = event.value.accessRole === AccessRole.READER;
        this.cursors.clear();
        event.value.cursors.filter((c) => c.userId !== this.me).forEach((c) => this.cursors.set(c.connectionId, c));
        break;
      default:
        break;
    }
    this.refresh(document);
  }

  /** Typing: the difference from what was shown is one local operation. */
  private local(): void {
    if (!this.documentId) return;
    const operation = diff(this.shown, this.text.value);
    this.shown = this.text.value;
    if (!operation.isNoop) this.session.edit(this.documentId, operation);
    this.refresh(this.session.document(this.documentId));
    this.sendCursorSoon();
  }

  /** Shows the document's text, keeping the local selection where it was in the text. */
  private refresh(document: DocumentSync | undefined): void {
    if (!document) return;
    if (document.text !== this.text.value) {
      const operation = diff(this.text.value, document.text);
      const start = operation.transformPosition(toCodePoints(this.text.value, this.text.selectionStart));
      const end = operation.transformPosition(toCodePoints(this.text.value, this.text.selectionEnd));
      this.text.value = document.text;
      this.text.setSelectionRange(toUtf16(document.text, start), toUtf16(document.text, end));
    }
    this.shown = document.text;
    this.status.textContent = `revision ${document.revision} · ${this.text.readOnly ? "read-only" : document.isSynced ? "saved" : "saving…"}`;
    this.status.dataset.revision = document.revision.toString();
    this.status.dataset.synced = String(document.isSynced);
    this.renderMirror(document.text);
    if (this.cursorOwed && document.isSynced) {
      this.cursorOwed = false;
      this.sendCursorSoon();
    }
  }

  private sendCursorSoon(): void {
    clearTimeout(this.cursorTimer);
    this.cursorTimer = setTimeout(() => {
      if (!this.documentId) return;
      this.cursorOwed = !this.session.document(this.documentId)?.isSynced;
      if (this.cursorOwed) return;
      void this.session.updateCursor(this.documentId, toCodePoints(this.text.value, this.text.selectionStart), toCodePoints(this.text.value, this.text.selectionEnd));
    }, 150);
  }

  private renderMirror(text: string): void {
    const points = Array.from(text);
    const marks = [...this.cursors.values()].map((c) => ({ user: c.userId, from: Math.min(Number(c.anchor), Number(c.head)), to: Math.max(Number(c.anchor), Number(c.head)), head: Number(c.head) }));
    const nodes: Node[] = [];
    for (let i = 0; i <= points.length; i++) {
      for (const mark of marks.filter((m) => m.head === i)) {
        nodes.push(h("span", { class: "caret", "data-user": mark.user, style: `background:${userColor(mark.user)}` }));
      }
      if (i === points.length) break;
      const selecting = marks.find((m) => m.from <= i && i < m.to);
      nodes.push(selecting ? h("mark", { style: `background:${userColor(selecting.user)}33` }, points[i]!) : document.createTextNode(points[i]!));
    }
    this.mirror.replaceChildren(...nodes);
  }
}
