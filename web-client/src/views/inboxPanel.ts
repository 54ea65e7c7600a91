import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Client } from "@connectrpc/connect";
import type { ChatService } from "../gen/realtime/chat/v1/chat_pb";
import type { Notification } from "../gen/realtime/chat/v1/notifications_pb";
import { h, whileShown } from "../lib/dom";

/**
 * The user's notifications: an Inbox button with the unseen count (asked when the page comes into view, every
 * `refreshEveryMs` while it is, and on demand) that opens the newest ones; opening them sees them, and a
 * notification takes the user to its room.
 */
export class InboxPanel {
  readonly element: HTMLElement;
  private readonly button = h("button", { type: "button", id: "inbox-button", title: "Who mentioned you where" }, "Inbox");
  private readonly list = h("ul", { class: "inbox", id: "inbox-list", hidden: true });

  constructor(
    private readonly chat: Client<typeof ChatService>,
    private readonly open: (roomId: string) => void,
    signal: AbortSignal,
    refreshEveryMs = 10_000,
  ) {
    this.element = h("div", { class: "inbox-panel" }, this.button, this.list);
    this.button.addEventListener("click", () => void this.toggle());
    whileShown(refreshEveryMs, () => void this.refresh(), signal);
    void this.refresh();
  }

  /** Asks for the unseen count again. */
  async refresh(): Promise<void> {
    try {
      const { position } = await this.chat.listNotifications({ pageSize: 1 });
      this.show(position?.unseenCount ?? 0);
    } catch {
      // The count is a convenience: the next refresh asks again.
    }
  }

  private async toggle(): Promise<void> {
    if (!this.list.hidden) {
      this.list.hidden = true;
      return;
    }
    try {
      const { notifications, position } = await this.chat.listNotifications({ pageSize: 20 });
      const seen = position?.seenOffset ?? 0n;
      this.list.replaceChildren(...(notifications.length === 0 ? [h("li", { class: "empty" }, "No notifications")] : notifications.map((n) => this.item(n, n.offset > seen))));
      this.list.hidden = false;
      const newest = notifications[0];
      if (newest && newest.offset > seen) {
        const marked = await this.chat.markNotificationsSeen({ offset: newest.offset });
        this.show(marked.position?.unseenCount ?? 0);
      }
    } catch {
      // Not listed now: the button stays as it was.
    }
  }

  private item(notification: Notification, unseen: boolean): HTMLLIElement {
    const mention = notification.event.case === "mention" ? notification.event.value : undefined;
    const text = mention ? `${mention.senderId} mentioned you in #${mention.roomId}` : "Something happened";
    const item = h(
      "li",
      { class: unseen ? "unseen" : "", "data-room": mention?.roomId ?? "" },
      text,
      h("span", { class: "time" }, notification.time ? timestampDate(notification.time).toLocaleTimeString() : ""),
    );
    if (mention) {
      item.addEventListener("click", () => {
        this.list.hidden = true;
        this.open(mention.roomId);
      });
    }
    return item;
  }

  private show(unseen: number): void {
    this.button.textContent = unseen > 0 ? `Inbox (${unseen > 99 ? "99+" : unseen})` : "Inbox";
    this.button.classList.toggle("has-unseen", unseen > 0);
  }
}
