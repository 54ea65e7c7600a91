import { timestampDate } from "@bufbuild/protobuf/wkt";
import { LinkPolicy, type RoomModerated } from "../gen/realtime/chat/v1/moderation_pb";
import { authorName } from "../lib/authors";
import { h } from "../lib/dom";

const seconds = (duration: { seconds: bigint } | undefined) => Number(duration?.seconds ?? 0n);

const span = (totalSeconds: number) =>
  totalSeconds >= 86400 ? `${(totalSeconds / 86400).toFixed(1).replace(/\.0$/, "")} d` : totalSeconds >= 3600 ? `${(totalSeconds / 3600).toFixed(1).replace(/\.0$/, "")} h` : totalSeconds >= 60 ? `${Math.round(totalSeconds / 60)} min` : `${totalSeconds} s`;

/** What a moderation action says to the room's members. */
export const describeModeration = (moderated: RoomModerated): string => {
  const by = authorName(moderated.moderatorId, moderated.postedBy);
  const action = moderated.action;
  switch (action.case) {
    case "mute": {
      const duration = seconds(action.value.duration);
      return duration > 0 ? `${by} muted ${action.value.userId} for ${span(duration)}` : `${by} unmuted ${action.value.userId}`;
    }
    case "ban":
      if (action.value.lift) return by ? `${by} lifted the ban on ${action.value.userId}` : `the ban on ${action.value.userId} ended`;
      return `${by} banned ${action.value.userId}${action.value.duration ? ` for ${span(seconds(action.value.duration))}` : ""}${action.value.reason ? `: ${action.value.reason}` : ""}`;
    case "slowMode": {
      const interval = seconds(action.value.interval);
      return interval > 0 ? `${by} set slow mode: one message per ${span(interval)}` : `${by} turned slow mode off`;
    }
    case "links":
      if (action.value.policy === LinkPolicy.BLOCKED) return `${by} blocked links`;
      if (action.value.policy === LinkPolicy.ALLOWLIST) return `${by} allowed links only to ${action.value.allowedDomains.join(", ")}`;
      return `${by} allowed all links`;
    case "readReceipts":
      return action.value.enabled ? `${by} turned read receipts on: members see who has read up to where` : `${by} turned read receipts off`;
    default:
      return `${by} moderated the room`;
  }
};

/** A moderation action in the room's timeline, at its offset among the messages. */
export const moderationNotice = (moderated: RoomModerated): HTMLLIElement =>
  h(
    "li",
    { class: "notice-line", "data-offset": moderated.offset.toString() },
    describeModeration(moderated),
    h("span", { class: "time" }, moderated.time ? timestampDate(moderated.time).toLocaleTimeString() : ""),
  );
