import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { AttachmentRef, ChatMessage } from "../gen/realtime/chat/v1/chat_pb";
import { authorName } from "../lib/authors";
import { h, userColor } from "../lib/dom";

/** The quick reactions offered under a message. */
export const QuickReactions = ["👍", "❤️", "😂", "🎉", "👀", "🙏"];

/** What a message's row needs from its room: who is looking, what they may do, and where their actions go. */
export interface MessageRowContext {
  me: string;
  /** The room's owner or a moderator: deletes anyone's message. */
  moderator: boolean;
  readOnly: boolean;
  /** The message being edited here and the draft so far; the row keeps it across re-renders. */
  editing: { offset: bigint; draft: string } | null;
  /** The message whose reaction picker or delete confirmation is open. */
  picking: bigint | null;
  confirmingDelete: bigint | null;
  /** The room's main timeline offers replies and opens threads; a thread's own rows do not. */
  threads: boolean;
  content(message: ChatMessage): HTMLElement;
  /** Who else has read the message, where the room shows read receipts and the row shows them. */
  seenBy(message: ChatMessage): string[];
  act(action: MessageAction): void;
}

export type MessageAction =
  | { kind: "react"; message: ChatMessage; emoji: string; remove: boolean }
  | { kind: "pick" | "startEdit" | "cancelEdit" | "askDelete" | "delete" | "openThread" | "pin"; message: ChatMessage }
  | { kind: "draft" | "saveEdit"; message: ChatMessage; text: string };

const button = (className: string, label: string, onClick: () => void, attributes: Record<string, string> = {}) => {
  const element = h("button", { type: "button", class: className, ...attributes }, label);
  element.addEventListener("click", onClick);
  return element;
};

/** One message: sender, content (or the tombstone, or the inline editor), edited mark, time, its thread's replies, reactions and actions. */
export const messageRow = (message: ChatMessage, context: MessageRowContext): HTMLLIElement => {
  const mine = message.senderId === context.me;
  const act = (action: MessageAction) => context.act(action);
  const editing = context.editing?.offset === message.offset ? context.editing : null;
  const row = h(
    "li",
    {
      class: `message${mine ? " mine" : ""}${message.deleted ? " deleted" : ""}${message.mentions.includes(context.me) ? " mentions-me" : ""}`,
      "data-offset": message.offset.toString(),
      "data-sender": message.senderId,
    },
    h(
      "span",
      { class: `sender${message.postedBy ? " posted-by-server" : ""}`, style: `color:${userColor(message.senderId || message.postedBy)}` },
      authorName(message.senderId, message.postedBy),
    ),
  );
  if (message.pinned) row.prepend(h("span", { class: "pinned", title: "Pinned to the room" }, "📌"));
  if (message.deleted) {
    row.append(h("span", { class: "content tombstone" }, "message deleted"));
  } else if (editing) {
    const input = h("input", { class: "edit-input", value: editing.draft, autocomplete: "off" });
    input.addEventListener("input", () => act({ kind: "draft", message, text: input.value }));
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") act({ kind: "saveEdit", message, text: input.value });
      if (e.key === "Escape") act({ kind: "cancelEdit", message });
    });
    row.append(input, button("save-edit", "Save", () => act({ kind: "saveEdit", message, text: input.value })), button("cancel-edit", "Cancel", () => act({ kind: "cancelEdit", message })));
  } else {
    row.append(context.content(message));
  }
  if (message.editedAt && !message.deleted) {
    row.append(h("span", { class: "edited", title: timestampDate(message.editedAt).toLocaleString() }, "(edited)"));
  }
  row.append(h("span", { class: "time" }, message.sentAt ? timestampDate(message.sentAt).toLocaleTimeString() : ""));
  const seenBy = context.seenBy(message);
  if (seenBy.length > 0) row.append(h("span", { class: "seen-by" }, `Seen by ${seenBy.join(", ")}`));
  const thread = message.thread;
  if (context.threads && thread && thread.replyCount > 0) {
    const label = `${thread.replyCount} ${thread.replyCount === 1 ? "reply" : "replies"} · ${thread.participantIds.join(", ")}`;
    row.append(h("div", {}, button("thread-link", label, () => act({ kind: "openThread", message }))));
  }
  if (message.deleted || context.readOnly) return row;
  const reactions = message.reactions.map((r) =>
    button(`reaction${r.mine ? " mine" : ""}`, `${r.emoji} ${r.count}`, () => act({ kind: "react", message, emoji: r.emoji, remove: r.mine }), { "data-emoji": r.emoji }),
  );
  const actions = [button("add-reaction", "+", () => act({ kind: "pick", message }), { title: "React" })];
  if (context.threads) actions.push(button("reply", "Reply", () => act({ kind: "openThread", message }), { title: "Reply in thread" }));
  actions.push(button("pin", message.pinned ? "Unpin" : "Pin", () => act({ kind: "pin", message })));
  if (mine && !message.attachment && !editing) actions.push(button("edit", "Edit", () => act({ kind: "startEdit", message })));
  if (mine || context.moderator) {
    actions.push(
      context.confirmingDelete === message.offset
        ? button("confirm-delete", "Really delete?", () => act({ kind: "delete", message }))
        : button("delete", "Delete", () => act({ kind: "askDelete", message })),
    );
  }
  row.append(h("div", { class: "reactions" }, ...reactions, ...actions));
  if (context.picking === message.offset) {
    row.append(
      h(
        "div",
        { class: "picker" },
        ...QuickReactions.map((emoji) => button("pick", emoji, () => act({ kind: "react", message, emoji, remove: false }), { "data-emoji": emoji })),
      ),
    );
  }
  return row;
};

/** What a message says: its text, a bot's or an app's typed message, or a shared file with a download link. */
export const messageContent = (message: ChatMessage, save: (file: AttachmentRef) => void): HTMLElement => {
  if (message.kind) return typedContent(message);
  const file = message.attachment;
  if (!file) return h("span", { class: "content" }, message.content);
  const link = h("a", { href: "#", class: "attachment", "data-attachment": file.attachmentId }, file.fileName);
  link.addEventListener("click", (e) => {
    e.preventDefault();
    save(file);
  });
  return h("span", { class: "content" }, "shared ", link, ` (${formatSize(file.size)})`);
};

const formatSize = (bytes: bigint): string => {
  const size = Number(bytes);
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
};

/** A bot's or an app's message: its kind as a badge, its text, and its metadata as key = value chips. */
const typedContent = (message: ChatMessage): HTMLElement =>
  h(
    "span",
    { class: "content typed" },
    h("span", { class: "kind" }, message.kind),
    " ",
    message.content,
    ...Object.entries(message.metadata)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, value]) => h("span", { class: "meta", "data-key": key }, `${key} = ${value}`)),
  );
