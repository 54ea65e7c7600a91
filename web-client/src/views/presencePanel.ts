import type { Client } from "@connectrpc/connect";
import type { ChatServerFrame, ChatService } from "../gen/realtime/chat/v1/chat_pb";
import type { Member } from "../gen/realtime/chat/v1/rooms_pb";
import { h } from "../lib/dom";

/** How a present user is shown: the application's display name and avatar when its join callout gave them. */
export interface Shown {
  displayName: string;
  avatarUrl: string;
}

const shown = (member: Member): Shown => ({ displayName: member.displayName, avatarUrl: member.avatarUrl });

/** Who a room says is present. */
export interface Presence {
  /** Who is known to be present, by user id: the first ones the join named, those who joined since, or all once listed. */
  members: Map<string, Shown>;
  /** How many are present: the server counts, a join names only the first of a crowd. */
  presentCount: number;
  /** A crowd's presence changes came as counts only: `members` may name people who left. */
  membersStale: boolean;
}

export const noPresence = (): Presence => ({ members: new Map(), presentCount: 0, membersStale: false });

/** Takes in a join's or a presence event's news of who is here; false for any other event. */
export const applyPresence = (presence: Presence, event: ChatServerFrame["event"]): boolean => {
  switch (event.case) {
    case "joined":
      event.value.members.forEach((m) => presence.members.set(m.userId, shown(m)));
      presence.presentCount = event.value.presentCount;
      return true;
    case "presenceSnapshot":
      presence.members = new Map(event.value.members.map((m) => [m.userId, shown(m)]));
      presence.presentCount = event.value.presentCount;
      presence.membersStale = false;
      return true;
    case "presence":
      event.value.joined.forEach((m) => presence.members.set(m.userId, shown(m)));
      event.value.leftUserIds.forEach((u) => presence.members.delete(u));
      presence.presentCount = event.value.presentCount;
      presence.membersStale ||= event.value.countsOnly;
      return true;
    default:
      return false;
  }
};

/** The room in view's present users, with a button that pages through everyone when a crowd's events named only some. */
export class PresencePanel {
  readonly elements: HTMLElement[];
  private readonly list = h("ul", { class: "members", id: "members" });
  private readonly heading = h("strong", { id: "present" }, "Here now");
  private readonly allButton = h("button", { id: "all-members", hidden: true }, "Show all");

  constructor(
    private readonly chat: Client<typeof ChatService>,
    private readonly inView: () => { roomId: string; presence: Presence } | null,
    private readonly changed: () => void,
  ) {
    this.elements = [this.heading, this.list, this.allButton];
    this.allButton.addEventListener("click", () => void this.loadAll());
  }

  render(presence: Presence | undefined): void {
    const members = [...(presence?.members ?? new Map<string, Shown>())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.list.replaceChildren(...members.map(([userId, { displayName, avatarUrl }]) => memberItem(userId, displayName, avatarUrl)));
    const unnamed = presence ? Math.max(0, presence.presentCount - presence.members.size) : 0;
    this.heading.textContent = presence ? `Here now (${presence.presentCount})` : "Here now";
    this.allButton.hidden = unnamed === 0 && !presence?.membersStale;
    this.allButton.textContent = presence?.membersStale ? "Refresh the list" : `Show all (${unnamed} more)`;
  }

  /** Pages through everyone present: a crowd's join named only its first members. */
  private async loadAll(): Promise<void> {
    const room = this.inView();
    if (!room) return;
    const members = new Map<string, Shown>();
    let pageToken = "";
    do {
      const page = await this.chat.listMembers({ roomId: room.roomId, pageSize: 1000, pageToken });
      page.members.forEach((m) => members.set(m.userId, shown(m)));
      room.presence.presentCount = page.presentCount;
      pageToken = page.nextPageToken;
    } while (pageToken);
    room.presence.members = members;
    room.presence.membersStale = false;
    this.changed();
  }
}

/** A present user: their avatar and display name when the application gave them (the id on hover), else their id. */
const memberItem = (userId: string, displayName: string, avatarUrl: string): HTMLElement => {
  const avatar = avatarUrl ? [h("img", { class: "avatar", src: avatarUrl, alt: "", width: "20", height: "20" })] : [];
  return h("li", { "data-member": userId, title: userId }, ...avatar, displayName || userId);
};
