import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { MessageChangedSchema, MessageDeletedSchema, MessageEditedSchema, MessagePinnedSchema, ReactionChangedSchema, type MessageChanged } from "../src/gen/realtime/chat/v1/changes_pb";
import { ChatMessageSchema } from "../src/gen/realtime/chat/v1/chat_pb";
import { ThreadSummarySchema } from "../src/gen/realtime/chat/v1/threads_pb";
import { foldChange } from "../src/lib/messageFold";

const message = create(ChatMessageSchema, { roomId: "r", epoch: "e", offset: 1n, senderId: "alice", content: "helo" });
const change = (actorId: string, value: MessageChanged["change"]) =>
  create(MessageChangedSchema, { roomId: "r", epoch: "e", offset: 2n, messageOffset: 1n, actorId, changedAt: timestampFromMs(1_000), change: value });
const edit = (content: string) => change("alice", { case: "edited", value: create(MessageEditedSchema, { content }) });
const react = (actorId: string, emoji: string, added: boolean, count: number) => change(actorId, { case: "reaction", value: create(ReactionChangedSchema, { emoji, added, count }) });

describe("foldChange", () => {
  it("an edit replaces the content and marks the message edited, leaving the original untouched", () => {
    const edited = foldChange(message, edit("hello"), "bob");
    expect([edited.content, edited.editedAt?.seconds]).toEqual(["hello", 1n]);
    expect([message.content, message.editedAt]).toEqual(["helo", undefined]);
  });

  it("reactions take the server's count, know which are mine, keep emoji order and go at zero", () => {
    let folded = foldChange(message, react("bob", "👍", true, 1), "me");
    folded = foldChange(folded, react("me", "🎉", true, 1), "me");
    folded = foldChange(folded, react("me", "👍", true, 2), "me");
    expect(folded.reactions.map((r) => [r.emoji, r.count, r.mine])).toEqual([["🎉", 1, true], ["👍", 2, true]]);
    folded = foldChange(folded, react("bob", "👍", false, 1), "me");
    folded = foldChange(folded, react("me", "🎉", false, 0), "me");
    expect(folded.reactions.map((r) => [r.emoji, r.count, r.mine])).toEqual([["👍", 1, true]]);
  });

  it("a deletion leaves a tombstone that later changes do not touch", () => {
    const reacted = foldChange(message, react("bob", "👍", true, 1), "me");
    const deleted = foldChange(reacted, change("alice", { case: "deleted", value: create(MessageDeletedSchema) }), "me");
    const after = foldChange(deleted, edit("back"), "me");
    expect([after.deleted, after.content, after.reactions.length, after.senderId, after.offset]).toEqual([true, "", 0, "alice", 1n]);
  });

  it("a pin and an unpin set whether the message is pinned; a deletion unpins it", () => {
    const pin = (pinned: boolean) => change("bob", { case: "pinned", value: create(MessagePinnedSchema, { pinned }) });
    const pinned = foldChange(message, pin(true), "me");
    expect([pinned.pinned, foldChange(pinned, pin(false), "me").pinned]).toEqual([true, false]);
    expect(foldChange(pinned, change("alice", { case: "deleted", value: create(MessageDeletedSchema) }), "me").pinned).toBe(false);
  });

  it("a deleted root keeps its thread's summary and a deleted reply its thread, but neither keeps its mentions", () => {
    const thread = create(ThreadSummarySchema, { replyCount: 2, lastReplyOffset: 5n, participantIds: ["bob"] });
    const deletion = change("alice", { case: "deleted", value: create(MessageDeletedSchema) });
    const root = foldChange({ ...message, thread, mentions: ["bob"] }, deletion, "me");
    const reply = foldChange({ ...message, threadOffset: 7n, thread, mentions: ["bob"] }, deletion, "me");
    expect([root.thread?.replyCount, root.mentions]).toEqual([2, []]);
    expect([reply.threadOffset, reply.thread, reply.mentions]).toEqual([7n, undefined, []]);
  });
});
