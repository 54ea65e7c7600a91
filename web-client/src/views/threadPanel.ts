import { ConnectError, type Client } from "@connectrpc/connect";
import type { MessageChanged } from "../gen/realtime/chat/v1/changes_pb";
import type { ChatMessage, ChatService } from "../gen/realtime/chat/v1/chat_pb";
import { h } from "../lib/dom";
import { foldChange } from "../lib/messageFold";
import type { RealtimeSession } from "../lib/realtimeSession";
import { messageRow, type MessageRowContext } from "./messageItem";

const RepliesPerPage = 50;

interface OpenThread {
  roomId: string;
  root: ChatMessage;
  replies: Map<bigint, ChatMessage>;
  /** Where the next page of replies starts; null once every stored reply is listed. */
  nextPageToken: string | null;
}

/**
 * The thread open beside a room: its root, its replies (paged from the server, then live from the room's
 * stream, changes folded in like the room's) and a composer that replies in it. The room keeps the root,
 * and with it the thread's summary; the panel keeps only the replies.
 */
export class ThreadPanel {
  readonly element: HTMLElement;
  private open: OpenThread | null = null;
  private readonly rootList = h("ul", { class: "messages thread-root" });
  private readonly replyList = h("ul", { class: "messages", id: "thread-replies" });
  private readonly moreButton = h("button", { id: "thread-more", hidden: true }, "Load more replies");
  private readonly input = h("input", { id: "thread-input", placeholder: "Reply in thread", autocomplete: "off" });
  private readonly error = h("p", { class: "error", id: "thread-error", role: "alert" });

  constructor(
    private readonly session: RealtimeSession,
    private readonly chat: Client<typeof ChatService>,
    private readonly changed: () => void,
  ) {
    const close = h("button", { id: "thread-close", title: "Close the thread" }, "✕");
    const form = h("form", { class: "composer", id: "thread-form" }, this.input, h("button", { type: "submit" }, "Reply"));
    this.element = h(
      "div",
      { class: "thread", id: "thread-panel", hidden: true },
      h("div", { class: "room-header" }, h("strong", {}, "Thread"), close),
      this.rootList,
      this.moreButton,
      this.replyList,
      form,
      this.error,
    );
    close.addEventListener("click", () => this.close());
    this.moreButton.addEventListener("click", () => void this.loadMore());
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.reply();
    });
  }

  /** The offset of the thread open in `roomId`, if one is. */
  openIn(roomId: string | null): bigint | null {
    return this.open && this.open.roomId === roomId ? this.open.root.offset : null;
  }

  async show(root: ChatMessage): Promise<void> {
    if (this.open?.roomId === root.roomId && this.open.root.offset === root.offset) return;
    this.open = { roomId: root.roomId, root, replies: new Map(), nextPageToken: "" };
    this.input.value = "";
    this.error.textContent = "";
    this.element.hidden = false;
    this.changed();
    await this.loadMore();
    this.input.focus();
  }

  close(): void {
    this.open = null;
    this.element.hidden = true;
    this.changed();
  }

  /** A reply stored in a room: listed when its thread is the one open (without the summary it carried for the root). */
  receiveReply(reply: ChatMessage): void {
    if (this.open?.roomId !== reply.roomId || this.open.root.offset !== reply.threadOffset) return;
    this.open.replies.set(reply.offset, { ...reply, thread: undefined });
  }

  /** A change to a message of a room: folded into the open thread's reply it names, if any. */
  receiveChange(change: MessageChanged, me: string): void {
    const reply = this.open?.roomId === change.roomId ? this.open.replies.get(change.messageOffset) : undefined;
    if (reply) this.open!.replies.set(reply.offset, foldChange(reply, change, me));
  }

  /** Draws the open thread with the room's copy of its root (`root`, when the room has it) and the room's row context. */
  render(root: ChatMessage | undefined, context: MessageRowContext): void {
    const open = this.open;
    if (!open) return;
    if (root) open.root = root;
    const rows = { ...context, threads: false };
    this.rootList.replaceChildren(messageRow(open.root, rows));
    const replies = [...open.replies.values()].sort((a, b) => (a.offset < b.offset ? -1 : 1));
    const pending = this.session.pendingSends(open.roomId, open.root.offset);
    this.replyList.replaceChildren(
      ...replies.map((m) => messageRow(m, rows)),
      ...pending.map((p) => h("li", { class: "message mine pending", "data-pending": p.clientMessageId }, h("span", { class: "content" }, p.content), h("span", { class: "time" }, "sending…"))),
    );
    this.replyList.scrollTop = this.replyList.scrollHeight;
    this.moreButton.hidden = open.nextPageToken === null;
    this.input.disabled = context.readOnly || open.root.deleted;
    this.input.placeholder = open.root.deleted ? "The thread's first message was deleted: no more replies" : "Reply in thread";
  }

  private async loadMore(): Promise<void> {
    const open = this.open;
    if (!open || open.nextPageToken === null) return;
    try {
      const page = await this.chat.listThreadReplies({ roomId: open.roomId, threadOffset: open.root.offset, pageSize: RepliesPerPage, pageToken: open.nextPageToken });
      // A reply that came in live while the page was on its way is newer than the page's copy.
      page.replies.forEach((m) => open.replies.has(m.offset) || open.replies.set(m.offset, m));
      open.nextPageToken = page.nextPageToken || null;
    } catch (error) {
      this.error.textContent = `Could not load the thread: ${error instanceof ConnectError ? error.rawMessage : String(error)}`;
    }
    this.changed();
  }

  /** A refused reply comes back to the input (unless a new one was started), with the reason. */
  private reply(): void {
    const open = this.open;
    const text = this.input.value;
    if (!open || text.trim().length === 0) return;
    this.input.value = "";
    this.error.textContent = "";
    void this.session
      .send(open.roomId, text, open.root.offset)
      .catch((error: unknown) => {
        if (this.input.value.length === 0) this.input.value = text;
        this.error.textContent = `Not sent: ${error instanceof ConnectError ? error.rawMessage : String(error)}`;
      })
      .finally(() => this.changed());
    this.changed();
  }
}
