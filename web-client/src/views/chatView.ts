import { create } from "@bufbuild/protobuf";
import { ConnectError, type Client } from "@connectrpc/connect";
import type { AttachmentService } from "../gen/realtime/chat/v1/attachments_pb";
import { DeleteMessageSchema, EditMessageSchema, PinMessageSchema, ReactToMessageSchema, type ChangeMessageInSessionRequest } from "../gen/realtime/chat/v1/changes_pb";
import type { AttachmentRef, ChatMessage, ChatServerFrame, ChatService } from "../gen/realtime/chat/v1/chat_pb";
import type { RoomModerated } from "../gen/realtime/chat/v1/moderation_pb";
import type { ThreadSummary } from "../gen/realtime/chat/v1/threads_pb";
import { AccessRole } from "../gen/realtime/common/v1/access_pb";
import { saveAttachment } from "../lib/attachmentDownload";
import { h } from "../lib/dom";
import { foldChange } from "../lib/messageFold";
import type { RealtimeSession } from "../lib/realtimeSession";
import { messageContent, messageRow, type MessageAction, type MessageRowContext } from "./messageItem";
import { moderationNotice } from "./moderationNotice";
import { applyPresence, noPresence, PresencePanel, type Presence } from "./presencePanel";
import { InboxPanel } from "./inboxPanel";
import { ReadReceipts } from "./readReceipts";
import { ReadState } from "./readState";
import { ThreadPanel } from "./threadPanel";

interface RoomView {
  messages: Map<bigint, ChatMessage>;
  /** Moderation actions seen live, shown among the messages at their offsets. */
  notices: Map<bigint, RoomModerated>;
  presence: Presence;
  typing: Map<string, number>;
  olderPageToken: string | null;
  /** Joined with READER: the room is shown, posting is not offered. */
  readOnly: boolean;
  /** Joined as the room's OWNER or a MODERATOR: may delete anyone's message. */
  moderator: boolean;
  /** Members see where the others have read up to. */
  readReceipts: boolean;
  /** The newest offset the room has shown (a message's or a change's): what viewing it marks read. */
  newest: bigint;
}

const TypingShownFor = 5_000;

/** Rooms: the list, joining and leaving, history paging, live messages with acks, edits, deletions and reactions, threads, shared files, presence and typing. */
export class ChatView {
  private readonly rooms = new Map<string, RoomView>();
  private current: string | null = null;
  private editing: MessageRowContext["editing"] = null;
  private picking: bigint | null = null;
  private confirmingDelete: bigint | null = null;
  /** Aborted when the view is dropped (a refused sign-in): its timers and page listeners stop. */
  private readonly stopped = new AbortController();
  private readonly reads: ReadState;
  private readonly receipts: ReadReceipts;
  private readonly threads: ThreadPanel;
  private readonly presence: PresencePanel;
  private typingSent = 0;
  private readonly roomList = h("ul", { class: "rooms", id: "room-list" });
  private readonly messageList = h("ul", { class: "messages", id: "messages" });
  private readonly title = h("h2", { id: "room-title" }, "No room");
  private readonly typingLine = h("div", { class: "typing", id: "typing" });
  private readonly olderButton = h("button", { id: "older", disabled: true }, "Load older");
  private readonly leaveButton = h("button", { id: "leave", disabled: true }, "Leave");
  private readonly input = h("input", { id: "message-input", placeholder: "Write a message", autocomplete: "off", disabled: true });
  private readonly sendButton = h("button", { type: "submit", class: "primary", disabled: true }, "Send");
  private readonly sendError = h("p", { class: "error", id: "send-error", role: "alert" });
  private readonly roomInput = h("input", { id: "room-input", placeholder: "Room name", autocomplete: "off" });

  constructor(
    private readonly root: HTMLElement,
    private readonly session: RealtimeSession,
    private readonly chat: Client<typeof ChatService>,
    private readonly attachments: Client<typeof AttachmentService>,
    private readonly me: string,
  ) {
    this.root.classList.add("chat-layout");
    this.reads = new ReadState(chat, () => [...this.rooms.keys()], () => this.reads.renderBadges(this.roomList, this.current), this.stopped.signal);
    this.receipts = new ReadReceipts(chat, me, () => this.render());
    this.threads = new ThreadPanel(session, chat, () => this.render());
    this.presence = new PresencePanel(chat, () => this.presenceInView(), () => this.render());
    document.addEventListener("visibilitychange", () => this.markCurrentSeen(), { signal: this.stopped.signal });
    const joinForm = h("form", { class: "composer", id: "join-form" }, this.roomInput, h("button", { type: "submit" }, "Join"));
    const sendForm = h("form", { class: "composer", id: "send-form" }, this.input, this.sendButton);
    root.append(
      h("aside", { class: "card" }, h("div", { class: "rooms-header" }, h("strong", {}, "Rooms"), new InboxPanel(chat, (roomId) => void this.join(roomId), this.stopped.signal).element), joinForm, this.roomList),
      h("div", { class: "room card" }, h("div", { class: "room-header" }, this.title, this.olderButton, this.leaveButton), this.messageList, this.typingLine, sendForm, this.sendError),
      h("aside", { class: "card side" }, this.threads.element, ...this.presence.elements),
    );
    joinForm.addEventListener("submit", (e) => {
      e.preventDefault();
      const room = this.roomInput.value.trim();
      if (room) void this.join(room);
      this.roomInput.value = "";
    });
    sendForm.addEventListener("submit", (e) => {
      e.preventDefault();
      const text = this.input.value;
      if (!this.current || text.trim().length === 0) return;
      this.input.value = "";
      this.sendError.textContent = "";
      const room = this.current;
      void this.session.send(room, text).catch((error: unknown) => this.notSent(room, text, error)).finally(() => this.render());
      this.stopTyping(room);
      this.render();
    });
    this.input.addEventListener("input", () => {
      if (!this.current) return;
      this.sendError.textContent = "";
      // Cleared input: the others stop seeing "typing" now, not when the indicator times out.
      if (this.input.value.length === 0) {
        this.stopTyping(this.current);
        return;
      }
      if (Date.now() - this.typingSent < 2_000) return;
      this.typingSent = Date.now();
      void this.session.setTyping(this.current, true);
    });
    this.olderButton.addEventListener("click", () => void this.loadOlder());
    this.leaveButton.addEventListener("click", () => void this.leave());
    const typingTimer = setInterval(() => this.renderTyping(), 1_000);
    this.stopped.signal.addEventListener("abort", () => clearInterval(typingTimer));
    void this.refreshRoomList();
  }

  /** The view is gone: nothing of it keeps asking the server or the page. */
  dispose(): void {
    this.stopped.abort();
  }

  async join(roomId: string): Promise<void> {
    if (!this.rooms.has(roomId)) {
      this.rooms.set(roomId, { messages: new Map(), notices: new Map(), presence: noPresence(), typing: new Map(), olderPageToken: "", readOnly: false, moderator: false, readReceipts: false, newest: 0n });
      if (!(await this.session.joinRoom(roomId))) {
        this.forget(roomId);
        return;
      }
      await this.loadOlder(roomId);
    }
    if (this.current !== roomId) {
      [this.editing, this.picking, this.confirmingDelete] = [null, null, null];
      this.threads.close();
    }
    this.current = roomId;
    this.render();
    this.markCurrentSeen();
    void this.reads.refresh();
    void this.refreshRoomList();
  }

  private presenceInView(): { roomId: string; presence: Presence } | null {
    const room = this.current ? this.rooms.get(this.current) : undefined;
    return this.current && room ? { roomId: this.current, presence: room.presence } : null;
  }

  private markCurrentSeen(): void {
    const room = this.current ? this.rooms.get(this.current) : undefined;
    if (this.current && room) this.reads.seen(this.current, room.newest);
  }

  /** A stored event (message or change) of a room: read at once if it is in view, else its badge is asked again. */
  private stored(roomId: string, room: RoomView, offset: bigint, fromOthers: boolean): void {
    if (offset > room.newest) room.newest = offset;
    if (roomId === this.current) this.reads.seen(roomId, room.newest);
    else if (fromOthers) this.reads.somethingNew();
  }

  /** Takes one chat event of the session (already deduplicated by offset). */
  receive(frame: ChatServerFrame): void {
    const event = frame.event;
    const room = event.value && "roomId" in event.value ? this.rooms.get(event.value.roomId) : undefined;
    if (!room) return;
    if (event.case === "left" && event.value.reason) {
      // The server took us out (access revoked); the session says why in the header.
      this.forget(event.value.roomId);
      return;
    }
    switch (event.case) {
      case "message":
        if (event.value.threadOffset === 0n) room.messages.set(event.value.offset, event.value);
        else this.replied(room, event.value);
        room.typing.delete(event.value.senderId);
        this.stored(event.value.roomId, room, event.value.offset, event.value.senderId !== this.me);
        break;
      case "changed": {
        this.stored(event.value.roomId, room, event.value.offset, event.value.change.case === "deleted");
        const { change } = event.value;
        if (change.case === "deleted" && change.value.thread) this.setThread(room, change.value.threadOffset, change.value.thread);
        const target = room.messages.get(event.value.messageOffset);
        if (target) room.messages.set(target.offset, foldChange(target, event.value, this.me));
        else this.threads.receiveChange(event.value, this.me);
        break;
      }
      case "joined":
        applyPresence(room.presence, event);
        room.readOnly = event.value.accessRole === AccessRole.READER;
        room.moderator = event.value.accessRole === AccessRole.OWNER || event.value.accessRole === AccessRole.MODERATOR;
        if (event.value.position && event.value.position.offset > room.newest) room.newest = event.value.position.offset;
        this.showReceipts(event.value.roomId, room, event.value.readReceipts);
        break;
      case "moderated":
        room.notices.set(event.value.offset, event.value);
        if (event.value.action.case === "readReceipts") this.showReceipts(event.value.roomId, room, event.value.action.value.enabled);
        this.stored(event.value.roomId, room, event.value.offset, event.value.moderatorId !== this.me);
        break;
      case "presenceSnapshot":
      case "presence":
        applyPresence(room.presence, event);
        break;
      case "typing":
        if (event.value.userId === this.me) return;
        if (event.value.typing) room.typing.set(event.value.userId, Date.now());
        else room.typing.delete(event.value.userId);
        break;
      case "read":
        if (event.value.userId === this.me) this.reads.moved(event.value);
        else this.receipts.moved(event.value);
        return;
      case "continuityLost":
        room.messages = new Map(event.value.snapshot.map((m) => [m.offset, m]));
        room.olderPageToken = "";
        break;
      default:
        return;
    }
    this.render();
  }

  private showReceipts(roomId: string, room: RoomView, on: boolean): void {
    room.readReceipts = on;
    if (on) void this.receipts.load(roomId);
    else this.receipts.forget(roomId);
  }

  /** A reply: the open thread lists it, and its root takes the thread's summary it carries. */
  private replied(room: RoomView, reply: ChatMessage): void {
    this.threads.receiveReply(reply);
    if (reply.thread) this.setThread(room, reply.threadOffset, reply.thread);
  }

  private setThread(room: RoomView, rootOffset: bigint, thread: ThreadSummary): void {
    const root = room.messages.get(rootOffset);
    if (root) room.messages.set(rootOffset, { ...root, thread: thread.replyCount > 0 ? thread : undefined });
  }

  private stopTyping(roomId: string): void {
    if (this.typingSent === 0) return;
    this.typingSent = 0;
    void this.session.setTyping(roomId, false);
  }

  /** A send the server refused for good: the draft comes back to the input (unless a new one was started) with the reason. */
  private notSent(roomId: string, text: string, error: unknown): void {
    if (this.current !== roomId) return;
    if (this.input.value.length === 0) this.input.value = text;
    this.sendError.textContent = `Not sent: ${error instanceof ConnectError ? error.rawMessage : String(error)}`;
  }

  /** What a message's buttons and editor ask for: changes go to the server, the rest is this view's state. */
  private act(action: MessageAction): void {
    const { message } = action;
    const change = (value: ChangeMessageInSessionRequest["change"]) =>
      void this.session.changeMessage(value).catch((error: unknown) => {
        this.sendError.textContent = `Not changed: ${error instanceof ConnectError ? error.rawMessage : String(error)}`;
      });
    const target = { roomId: message.roomId, messageOffset: message.offset, clientChangeId: crypto.randomUUID() };
    switch (action.kind) {
      case "draft":
        if (this.editing) this.editing.draft = action.text;
        return;
      case "openThread":
        void this.threads.show(message);
        return;
      case "react":
        change({ case: "react", value: create(ReactToMessageSchema, { ...target, emoji: action.emoji, remove: action.remove }) });
        this.picking = null;
        break;
      case "pin":
        change({ case: "pin", value: create(PinMessageSchema, { ...target, unpin: message.pinned }) });
        break;
      case "pick":
        this.picking = this.picking === message.offset ? null : message.offset;
        break;
      case "startEdit":
        this.editing = { offset: message.offset, draft: message.content };
        break;
      case "saveEdit":
        if (action.text.trim() && action.text !== message.content) change({ case: "edit", value: create(EditMessageSchema, { ...target, content: action.text }) });
        this.editing = null;
        break;
      case "cancelEdit":
        this.editing = null;
        break;
      case "askDelete":
        this.confirmingDelete = message.offset;
        break;
      case "delete":
        change({ case: "delete", value: create(DeleteMessageSchema, target) });
        this.confirmingDelete = null;
        break;
    }
    this.render();
  }

  private save(file: AttachmentRef): void {
    saveAttachment(this.attachments, file).catch((error: unknown) => {
      this.sendError.textContent = `Could not fetch ${file.fileName}: ${error instanceof ConnectError ? error.rawMessage : String(error)}`;
    });
  }

  private async loadOlder(roomId = this.current): Promise<void> {
    const room = roomId ? this.rooms.get(roomId) : undefined;
    if (!roomId || !room || room.olderPageToken === null) return;
    const page = await this.chat.listMessages({ roomId, pageSize: 30, pageToken: room.olderPageToken });
    page.messages.forEach((m) => room.messages.set(m.offset, m));
    room.olderPageToken = page.nextPageToken || null;
    this.render();
  }

  private async leave(): Promise<void> {
    const roomId = this.current;
    if (!roomId) return;
    this.forget(roomId);
    await this.session.leaveRoom(roomId);
  }

  private forget(roomId: string): void {
    this.rooms.delete(roomId);
    this.reads.forget(roomId);
    this.receipts.forget(roomId);
    if (this.current === roomId) this.current = this.rooms.keys().next().value ?? null;
    this.render();
    void this.refreshRoomList();
  }

  private async refreshRoomList(): Promise<void> {
    const known = new Set(this.rooms.keys());
    try {
      (await this.chat.listRooms({ pageSize: 50 })).rooms.forEach((r) => known.add(r.roomId));
    } catch {
      // The list is a convenience; joined rooms are shown regardless.
    }
    this.roomList.replaceChildren(
      ...[...known].sort().map((roomId) => {
        const item = h("li", { class: [this.rooms.has(roomId) ? "joined" : "", roomId === this.current ? "current" : ""].join(" ").trim(), "data-room": roomId }, `# ${roomId}`);
        item.addEventListener("click", () => void this.join(roomId));
        return item;
      }),
    );
  }

  private render(): void {
    const room = this.current ? this.rooms.get(this.current) : undefined;
    this.title.textContent = this.current ? `# ${this.current}` : "No room";
    this.input.disabled = !room || room.readOnly;
    this.sendButton.disabled = this.input.disabled;
    this.input.placeholder = room?.readOnly ? "Read-only: you may read this room, not post" : "Write a message";
    this.leaveButton.disabled = !room;
    this.olderButton.disabled = !room || room.olderPageToken === null;
    const atBottom = this.messageList.scrollHeight - this.messageList.scrollTop - this.messageList.clientHeight < 40;
    const messages = room ? [...room.messages.values()].sort((a, b) => (a.offset < b.offset ? -1 : 1)) : [];
    const pending = this.current ? this.session.pendingSends(this.current) : [];
    const newestMine = messages.filter((m) => m.senderId === this.me && !m.deleted).pop()?.offset;
    const context: MessageRowContext = {
      me: this.me,
      moderator: room?.moderator ?? false,
      readOnly: room?.readOnly ?? true,
      editing: this.editing,
      picking: this.picking,
      confirmingDelete: this.confirmingDelete,
      threads: true,
      content: (m) => messageContent(m, (file) => this.save(file)),
      seenBy: (m) => (room?.readReceipts && m.offset === newestMine ? this.receipts.readers(this.current!, m.offset) : []),
      act: (action) => this.act(action),
    };
    const rows = [...messages.map((m) => [m.offset, messageRow(m, context)] as const), ...[...(room?.notices.values() ?? [])].map((n) => [n.offset, moderationNotice(n)] as const)];
    this.messageList.replaceChildren(
      ...rows.sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row),
      ...pending.map((p) => h("li", { class: "message mine pending", "data-pending": p.clientMessageId }, h("span", { class: "sender" }, this.me), h("span", { class: "content" }, p.content), h("span", { class: "time" }, "sending…"))),
    );
    if (atBottom) this.messageList.scrollTop = this.messageList.scrollHeight;
    // A re-render (any event) rebuilds the editor: it keeps its draft, and its focus and caret here.
    const editor = this.messageList.querySelector<HTMLInputElement>(".edit-input");
    if (editor) {
      editor.focus();
      editor.setSelectionRange(editor.value.length, editor.value.length);
    }
    this.presence.render(room?.presence);
    this.renderTyping();
    for (const item of this.roomList.querySelectorAll("li")) item.classList.toggle("current", item.dataset.room === this.current);
    this.reads.renderBadges(this.roomList, this.current);
    const thread = this.threads.openIn(this.current);
    this.root.classList.toggle("threading", thread !== null);
    if (thread !== null) this.threads.render(room?.messages.get(thread), context);
  }

  private renderTyping(): void {
    const room = this.current ? this.rooms.get(this.current) : undefined;
    const now = Date.now();
    const typing = room ? [...room.typing].filter(([, at]) => now - at < TypingShownFor).map(([u]) => u) : [];
    this.typingLine.textContent = typing.length === 0 ? "" : `${typing.join(", ")} ${typing.length === 1 ? "is" : "are"} typing…`;
  }
}
