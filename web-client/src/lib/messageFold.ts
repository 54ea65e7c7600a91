import { create } from "@bufbuild/protobuf";
import { ReactionSummarySchema, type MessageChanged } from "../gen/realtime/chat/v1/changes_pb";
import { ChatMessageSchema, type ChatMessage } from "../gen/realtime/chat/v1/chat_pb";

/**
 * A message with one change folded in, by the rules the server folds history with (docs/ARCHITECTURE.md
 * "Message changes"): an edit sets the content and edited time, a deletion leaves a tombstone that no
 * later change touches (a deleted root keeps its thread summary), a reaction sets its emoji's count (and
 * `mine` when `me` made it), a pin sets whether it is pinned.
 */
export const foldChange = (message: ChatMessage, change: MessageChanged, me: string): ChatMessage => {
  if (message.deleted) return message;
  switch (change.change.case) {
    case "edited":
      return { ...message, content: change.change.value.content, editedAt: change.changedAt };
    case "deleted":
      return create(ChatMessageSchema, {
        roomId: message.roomId,
        epoch: message.epoch,
        offset: message.offset,
        senderId: message.senderId,
        postedBy: message.postedBy,
        sentAt: message.sentAt,
        clientMessageId: message.clientMessageId,
        threadOffset: message.threadOffset,
        // A deleted root keeps its thread; its replies stay.
        thread: message.threadOffset === 0n ? message.thread : undefined,
        deleted: true,
      });
    case "pinned":
      return { ...message, pinned: change.change.value.pinned };
    case "reaction": {
      const { emoji, added, count } = change.change.value;
      const old = message.reactions.find((r) => r.emoji === emoji);
      const others = message.reactions.filter((r) => r.emoji !== emoji);
      if (count === 0) return { ...message, reactions: others };
      const mine = change.actorId === me ? added : (old?.mine ?? false);
      const reactions = [...others, create(ReactionSummarySchema, { emoji, count, mine })].sort((a, b) => compareOrdinal(a.emoji, b.emoji));
      return { ...message, reactions };
    }
    default:
      return message;
  }
};

/** The server orders emojis by UTF-16 code units (.NET's ordinal order); so does this. */
const compareOrdinal = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
