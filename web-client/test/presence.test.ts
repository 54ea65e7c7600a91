import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { ChatServerFrameSchema, PresenceChangedSchema, RoomJoinedSchema } from "../src/gen/realtime/chat/v1/chat_pb";
import { MemberSchema } from "../src/gen/realtime/chat/v1/rooms_pb";
import { applyPresence, noPresence } from "../src/views/presencePanel";

const wendy = create(MemberSchema, { userId: "wendy", displayName: "Wendy Writer", avatarUrl: "https://example.com/wendy.png" });
const bob = create(MemberSchema, { userId: "bob" });

describe("applyPresence", () => {
  it("keeps how the application shows each member, from the join and from later changes, until they leave", () => {
    const presence = noPresence();
    const joined = create(ChatServerFrameSchema, { event: { case: "joined", value: create(RoomJoinedSchema, { members: [wendy], presentCount: 1 }) } });
    const bobCame = create(ChatServerFrameSchema, { event: { case: "presence", value: create(PresenceChangedSchema, { joined: [bob], presentCount: 2 }) } });
    const wendyLeft = create(ChatServerFrameSchema, { event: { case: "presence", value: create(PresenceChangedSchema, { leftUserIds: ["wendy"], presentCount: 1 }) } });

    applyPresence(presence, joined.event);
    applyPresence(presence, bobCame.event);
    expect(presence.members.get("wendy")).toEqual({ displayName: "Wendy Writer", avatarUrl: "https://example.com/wendy.png" });
    expect(presence.members.get("bob")).toEqual({ displayName: "", avatarUrl: "" });

    applyPresence(presence, wendyLeft.event);
    expect([...presence.members.keys()]).toEqual(["bob"]);
    expect(presence.presentCount).toBe(1);
  });
});
