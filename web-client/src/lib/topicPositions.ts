import { create } from "@bufbuild/protobuf";
import { StreamPositionSchema, type StreamPosition } from "../gen/realtime/common/v1/stream_pb";

/**
 * The last event seen per topic, for resuming and for dropping repeats: an event is new when its
 * epoch is the topic's and its offset is past the last one (a new epoch only comes after the server
 * said continuity was lost, which resets the position).
 */
export class TopicPositions {
  private readonly positions = new Map<string, { epoch: string; offset: bigint }>();

  /** Records the event if it is new; false for a repeat or an event older than the position. */
  accept(topic: string, epoch: string, offset: bigint): boolean {
    const last = this.positions.get(topic);
    if (last && last.epoch === epoch && offset <= last.offset) return false;
    this.positions.set(topic, { epoch, offset });
    return true;
  }

  /** Sets the position outright (a fresh join, or a snapshot after continuity was lost). */
  reset(topic: string, epoch: string, offset: bigint): void {
    this.positions.set(topic, { epoch, offset });
  }

  /** Where to resume the topic from, or undefined when nothing was seen yet. */
  resumeFrom(topic: string): StreamPosition | undefined {
    const last = this.positions.get(topic);
    return last ? create(StreamPositionSchema, { epoch: last.epoch, offset: last.offset }) : undefined;
  }

  forget(topic: string): void {
    this.positions.delete(topic);
  }
}
