import type { Client } from "@connectrpc/connect";
import type { ChatServerFrame, ChatService } from "../gen/realtime/chat/v1/chat_pb";
import { h } from "../lib/dom";

/** Who a room says is present. */
export interface Presence {
  /** Who is known to be present: the first ones the join named, those who joined since, or all once listed. */
  members: Set<string>;
  /** How many are present: the server counts, a join names only the first of a crowd. */
  presentCount: number;
  /** A crowd's presence changes came as counts only: `members` may name people who left. */
  membersStale: boolean;
}

export const noPresence = (): Presence => ({ members: new Set(), presentCount: 0, membersStale: false });

/** Takes in a join's or a presence event's news of who is here; false for any other event. */
export const applyPresence = (presence: Presence, event: ChatServerFrame["event"]): boolean => {
  switch (event.case) {
    case "joined":
      event.value.members.forEach((m) => presence.members.add(m.userId));
      presence.presentCount = event.value.presentCount;
      return true;
    case "presenceSnapshot":
      presence.members = new Set(event.value.members.map((m) => m.userId));
      presence.presentCount = event.value.presentCount;
      presence.membersStale = false;
      return true;
    case "presence":
      event.value.joined.forEach((m) => presence.members.add(m.userId));
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
    this.list.replaceChildren(...[...(presence?.members ?? [])].sort().map((u) => h("li", { "data-member": u }, u)));
    const unnamed = presence ? Math.max(0, presence.presentCount - presence.members.size) : 0;
    this.heading.textContent = presence ? `Here now (${presence.presentCount})` : "Here now";
    this.allButton.hidden = unnamed === 0 && !presence?.membersStale;
    this.allButton.textContent = presence?.membersStale ? "Refresh the list" : `Show all (${unnamed} more)`;
  }

  /** Pages through everyone present: a crowd's join named only its first members. */
  private async loadAll(): Promise<void> {
    const room = this.inView();
    if (!room) return;
    const members = new Set<string>();
    let pageToken = "";
    do {
      const page = await this.chat.listMembers({ roomId: room.roomId, pageSize: 1000, pageToken });
      page.members.forEach((m) => members.add(m.userId));
      room.presence.presentCount = page.presentCount;
      pageToken = page.nextPageToken;
    } while (pageToken);
    room.presence.members = members;
    room.presence.membersStale = false;
    this.changed();
  }
}
