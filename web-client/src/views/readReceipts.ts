import type { Client } from "@connectrpc/connect";
import type { ChatService } from "../gen/realtime/chat/v1/chat_pb";
import type { ReadPositionMoved } from "../gen/realtime/chat/v1/reading_pb";

/**
 * Where the other members of rooms with read receipts have read up to: listed when such a room is joined (or
 * turns receipts on), then moved by their live `ReadPositionMoved` events; shown as "Seen by …" under the
 * user's newest message.
 */
export class ReadReceipts {
  private readonly rooms = new Map<string, Map<string, bigint>>();

  constructor(
    private readonly chat: Client<typeof ChatService>,
    private readonly me: string,
    private readonly changed: () => void,
  ) {}

  async load(roomId: string): Promise<void> {
    const readers = new Map<string, bigint>();
    this.rooms.set(roomId, readers);
    try {
      for (const receipt of (await this.chat.listReadReceipts({ roomId })).receipts) moveForward(readers, receipt.userId, receipt.offset);
      this.changed();
    } catch {
      // Receipts turned off meanwhile, or the server away: the live moves still count.
    }
  }

  moved(read: ReadPositionMoved): void {
    const readers = this.rooms.get(read.roomId);
    if (!readers || read.userId === this.me) return;
    moveForward(readers, read.userId, read.offset);
    this.changed();
  }

  forget(roomId: string): void {
    this.rooms.delete(roomId);
  }

  /** The others who have read `roomId` up to `offset` or further, by name. */
  readers(roomId: string, offset: bigint): string[] {
    return [...(this.rooms.get(roomId) ?? [])]
      .filter(([user, read]) => user !== this.me && read >= offset)
      .map(([user]) => user)
      .sort();
  }
}

/** Read positions only move forward: a listing that answers after a live move does not take it back. */
const moveForward = (readers: Map<string, bigint>, userId: string, offset: bigint) => {
  if (offset > (readers.get(userId) ?? -1n)) readers.set(userId, offset);
};
