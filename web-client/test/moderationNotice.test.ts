import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { BanMemberSchema, RoomModeratedSchema } from "../src/gen/realtime/chat/v1/moderation_pb";
import { describeModeration } from "../src/views/moderationNotice";

const ban = (fields: { moderatorId?: string; postedBy?: string; lift?: boolean; seconds?: bigint; reason?: string }) =>
  create(RoomModeratedSchema, {
    moderatorId: fields.moderatorId ?? "",
    postedBy: fields.postedBy ?? "",
    action: {
      case: "ban",
      value: create(BanMemberSchema, {
        userId: "bob",
        reason: fields.reason ?? "",
        lift: fields.lift ?? false,
        duration: fields.seconds === undefined ? undefined : { seconds: fields.seconds, nanos: 0 },
      }),
    },
  });

describe("describeModeration", () => {
  it("names a member who bans", () => {
    expect(describeModeration(ban({ moderatorId: "alice", reason: "spam" }))).toBe("alice banned bob: spam");
  });

  it("names the application's backend, in brackets, when it removes someone for a while", () => {
    expect(describeModeration(ban({ postedBy: "billing", seconds: 7200n, reason: "unpaid" }))).toBe("[billing] banned bob for 2 h: unpaid");
    expect(describeModeration(ban({ postedBy: "billing", seconds: 86400n * 3n }))).toBe("[billing] banned bob for 3 d");
  });

  it("says a ban ended when nobody lifted it", () => {
    expect(describeModeration(ban({ lift: true, reason: "expired" }))).toBe("the ban on bob ended");
    expect(describeModeration(ban({ moderatorId: "alice", lift: true }))).toBe("alice lifted the ban on bob");
  });
});
