import type { MessageAck } from "../gen/realtime/chat/v1/chat_pb";

/** A message sent and not yet acknowledged; resent with its id after every reconnect. */
export interface PendingSend {
  echoed: boolean;
  roomId: string;
  clientMessageId: string;
  content: string;
  /** The thread it replies in (its root's offset); 0n for the room's main timeline. */
  threadOffset: bigint;
  settle: { resolve: (ack: MessageAck) => void; reject: (error: unknown) => void };
}

/**
 * The tab's messages between send and ack. A send settles once: with its ack, or with the refusal that
 * dropped it (its room taken away, the sign-in refused). Its echo on the stream may come before the ack;
 * from then on the room shows it as a message, not as pending.
 */
export class PendingSends {
  private readonly sends = new Map<string, PendingSend>();

  add(roomId: string, clientMessageId: string, content: string, threadOffset: bigint): { send: PendingSend; acked: Promise<MessageAck> } {
    let send!: PendingSend;
    const acked = new Promise<MessageAck>((resolve, reject) => {
      send = { echoed: false, roomId, clientMessageId, content, threadOffset, settle: { resolve, reject } };
    });
    this.sends.set(clientMessageId, send);
    return { send, acked };
  }

  /** Still waiting for its ack (not settled, not dropped): retries stop once this is false. */
  isPending(clientMessageId: string): boolean {
    return this.sends.has(clientMessageId);
  }

  all(): PendingSend[] {
    return [...this.sends.values()];
  }

  /** The room showed this message (its echo came in): the view stops listing it as pending. */
  echoed(clientMessageId: string): void {
    const send = this.sends.get(clientMessageId);
    if (send) send.echoed = true;
  }

  /** Messages sent to `roomId` (to the thread at `threadOffset`, 0n: the main timeline) that the room has not shown yet, oldest first. */
  unshown(roomId: string, threadOffset: bigint): { clientMessageId: string; content: string }[] {
    return this.all()
      .filter((p) => p.roomId === roomId && p.threadOffset === threadOffset && !p.echoed)
      .map(({ clientMessageId, content }) => ({ clientMessageId, content }));
  }

  acknowledge(clientMessageId: string, ack: MessageAck): void {
    this.take(clientMessageId)?.settle.resolve(ack);
  }

  refuse(clientMessageId: string, error: unknown): void {
    this.take(clientMessageId)?.settle.reject(error);
  }

  refuseRoom(roomId: string, error: unknown): void {
    for (const send of this.all().filter((p) => p.roomId === roomId)) this.refuse(send.clientMessageId, error);
  }

  refuseAll(error: unknown): void {
    for (const send of this.all()) this.refuse(send.clientMessageId, error);
  }

  private take(clientMessageId: string): PendingSend | undefined {
    const send = this.sends.get(clientMessageId);
    this.sends.delete(clientMessageId);
    return send;
  }
}
