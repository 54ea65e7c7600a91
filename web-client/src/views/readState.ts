import type { Client } from "@connectrpc/connect";
import type { ChatService } from "../gen/realtime/chat/v1/chat_pb";
import type { ReadPositionMoved, RoomUnread } from "../gen/realtime/chat/v1/reading_pb";
import { h, whileShown } from "../lib/dom";

/**
 * The signed-in user's unread and mention counts in the joined rooms (the room list's badges) and the read
 * marks of the room in view. Counts come from the server (others' messages after the user's read position
 * that nobody deleted, and those of them, thread replies too, that mention the user), so they agree with the user's other devices: asked again on every message elsewhere,
 * when the page comes back into view, and every `refreshEveryMs` while it is in view; what another device
 * reads arrives live with its counts (`moved`), and the refresh catches up on a move missed while away. A
 * mark is sent only while the page is visible: a tab in the background has not read anything.
 */
export class ReadState {
  private readonly counts = new Map<string, { unread: number; mentions: number }>();
  private readonly marked = new Map<string, bigint>();
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private markTimer: ReturnType<typeof setTimeout> | undefined;
  private toMark: { roomId: string; offset: bigint } | null = null;

  constructor(
    private readonly chat: Client<typeof ChatService>,
    private readonly joinedRooms: () => string[],
    private readonly changed: () => void,
    signal: AbortSignal,
    refreshEveryMs = 10_000,
  ) {
    whileShown(refreshEveryMs, () => void this.refresh(), signal);
  }

  /** Each joined room not in view with its unread count, and an @ badge with its mentions. */
  renderBadges(roomList: HTMLElement, current: string | null): void {
    for (const item of roomList.querySelectorAll<HTMLLIElement>("li[data-room]")) {
      const count = item.dataset.room === current ? undefined : this.counts.get(item.dataset.room!);
      badge(item, "unread", count?.unread ?? 0, String);
      badge(item, "mention", count?.mentions ?? 0, (n) => `@${n}`);
    }
  }

  /** Something was stored in a room not in view: the counts are asked again shortly, for every joined room at once. */
  somethingNew(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), 300);
  }

  async refresh(): Promise<void> {
    const roomIds = this.joinedRooms();
    if (roomIds.length === 0) return;
    try {
      for (const room of (await this.chat.getUnreadCounts({ roomIds })).rooms) {
        if (!room.error) this.take(room);
      }
      this.changed();
    } catch {
      // Badges are a convenience: the next event asks again.
    }
  }

  /** The user has `roomId` in view up to `offset`: it is marked read shortly, and its badge goes. */
  seen(roomId: string, offset: bigint): void {
    if (document.visibilityState !== "visible" || offset <= (this.marked.get(roomId) ?? -1n)) return;
    this.toMark = { roomId, offset };
    clearTimeout(this.markTimer);
    this.markTimer = setTimeout(() => void this.mark(), 300);
  }

  /** The user read further here or on another device: the move carries the room's counts. */
  moved(read: ReadPositionMoved): void {
    if (read.unread) this.take(read.unread);
    if (read.offset > (this.marked.get(read.roomId) ?? -1n)) this.marked.set(read.roomId, read.offset);
    this.changed();
  }

  private take(room: RoomUnread): void {
    this.counts.set(room.roomId, { unread: room.unreadCount, mentions: room.mentionCount });
  }

  forget(roomId: string): void {
    this.counts.delete(roomId);
    this.marked.delete(roomId);
  }

  private async mark(): Promise<void> {
    const mark = this.toMark;
    this.toMark = null;
    if (!mark) return;
    try {
      const { room } = await this.chat.markRead({ roomId: mark.roomId, offset: mark.offset });
      this.marked.set(mark.roomId, mark.offset);
      if (room) this.take(room);
      this.changed();
    } catch {
      // Not marked (the server away): the next message in view marks it.
    }
  }
}

/** A room's `kind` badge showing `count` (none at 0; 99+ past 99). */
const badge = (item: HTMLLIElement, kind: string, count: number, label: (count: number | string) => string) => {
  let element = item.querySelector<HTMLElement>(`.${kind}`);
  if (count === 0) {
    element?.remove();
    return;
  }
  element ??= item.appendChild(h("span", { class: kind }));
  element.textContent = label(count > 99 ? "99+" : count);
};
