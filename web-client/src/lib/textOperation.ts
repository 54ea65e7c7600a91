/**
 * An edit of a whole text, counted in Unicode code points (as the server counts): retain / insert /
 * delete components spanning the `baseLength` code points it applies to. The same algebra as the
 * .NET `Realtime.Ot.TextOperation` — canonical form (no empty components, neighbours merged, insert
 * before delete), and in `transform` the left operation's insert goes first at a shared position.
 */
export type Component = { retain: number } | { insert: string } | { delete: number };

export const codePointLength = (text: string): number => {
  let count = 0;
  for (const _ of text) count++;
  return count;
};

export class TextOperation {
  /** Use the builder: it keeps operations canonical. */
  constructor(
    readonly components: readonly Component[],
    readonly baseLength: number,
    readonly targetLength: number,
  ) {}

  static builder(): OperationBuilder {
    return new OperationBuilder();
  }

  static fromComponents(components: readonly Component[]): TextOperation {
    const builder = new OperationBuilder();
    for (const c of components) builder.add(c);
    return builder.build();
  }

  /** Replaces code points [start, end) of a text of `length` code points with `text`. */
  static replace(length: number, start: number, end: number, text: string): TextOperation {
    if (start < 0 || start > end || end > length) throw new RangeError(`[${start}, ${end}) is not inside ${length} code points`);
    return new OperationBuilder().retain(start).insert(text).delete(end - start).retain(length - end).build();
  }

  get isNoop(): boolean {
    return this.components.every((c) => "retain" in c);
  }

  apply(text: string): string {
    const points = Array.from(text);
    if (points.length !== this.baseLength) throw new RangeError(`operation spans ${this.baseLength} code points, text has ${points.length}`);
    let index = 0;
    let out = "";
    for (const c of this.components) {
      if ("retain" in c) {
        out += points.slice(index, index + c.retain).join("");
        index += c.retain;
      } else if ("insert" in c) {
        out += c.insert;
      } else {
        index += c.delete;
      }
    }
    return out;
  }

  /** This operation followed by `next` as one operation. */
  compose(next: TextOperation): TextOperation {
    if (this.targetLength !== next.baseLength) throw new RangeError("compose: lengths do not line up");
    const out = new OperationBuilder();
    const a = new Reader(this.components);
    const b = new Reader(next.components);
    while (!a.done || !b.done) {
      if (!a.done && a.kind === "delete") {
        out.delete(a.takeAll() as number);
        continue;
      }
      if (!b.done && b.kind === "insert") {
        out.insert(b.takeAll() as string);
        continue;
      }
      const count = Math.min(a.remaining, b.remaining);
      if (a.kind === "retain" && b.kind === "retain") out.retain(count);
      else if (a.kind === "insert" && b.kind === "retain") out.insert(a.peekText(count));
      else if (a.kind === "retain" && b.kind === "delete") out.delete(count);
      // An insert that `next` deletes leaves nothing.
      a.take(count);
      b.take(count);
    }
    return out.build();
  }

  /** [left', right'] with left·right' = right·left'; at a shared position left's insert comes first. */
  static transform(left: TextOperation, right: TextOperation): [TextOperation, TextOperation] {
    if (left.baseLength !== right.baseLength) throw new RangeError("transform: operations span different lengths");
    const l = new OperationBuilder();
    const r = new OperationBuilder();
    const a = new Reader(left.components);
    const b = new Reader(right.components);
    while (!a.done || !b.done) {
      if (!a.done && a.kind === "insert") {
        const text = a.takeAll() as string;
        l.insert(text);
        r.retain(codePointLength(text));
        continue;
      }
      if (!b.done && b.kind === "insert") {
        const text = b.takeAll() as string;
        l.retain(codePointLength(text));
        r.insert(text);
        continue;
      }
      const count = Math.min(a.remaining, b.remaining);
      if (a.kind === "retain" && b.kind === "retain") {
        l.retain(count);
        r.retain(count);
      } else if (a.kind === "delete" && b.kind === "retain") {
        l.delete(count);
      } else if (a.kind === "retain" && b.kind === "delete") {
        r.delete(count);
      }
      a.take(count);
      b.take(count);
    }
    return [l.build(), r.build()];
  }

  /** Where a position in the base text lands after this operation (text inserted at it goes before it). */
  transformPosition(position: number): number {
    let transformed = position;
    let index = 0;
    for (const c of this.components) {
      if (index > position) break;
      if ("retain" in c) index += c.retain;
      else if ("insert" in c) transformed += codePointLength(c.insert);
      else {
        transformed -= Math.min(c.delete, Math.max(0, position - index));
        index += c.delete;
      }
    }
    return Math.min(Math.max(transformed, 0), this.targetLength);
  }
}

export class OperationBuilder {
  private readonly components: Component[] = [];
  private baseLength = 0;
  private targetLength = 0;

  add(c: Component): this {
    return "retain" in c ? this.retain(c.retain) : "insert" in c ? this.insert(c.insert) : this.delete(c.delete);
  }

  retain(n: number): this {
    if (n <= 0) return this;
    this.baseLength += n;
    this.targetLength += n;
    const last = this.components.at(-1);
    if (last && "retain" in last) last.retain += n;
    else this.components.push({ retain: n });
    return this;
  }

  insert(text: string): this {
    if (text.length === 0) return this;
    this.targetLength += codePointLength(text);
    const last = this.components.at(-1);
    const beforeLast = this.components.at(-2);
    if (last && "insert" in last) last.insert += text;
    else if (last && "delete" in last) {
      // Canonical order: insert, then delete.
      if (beforeLast && "insert" in beforeLast) beforeLast.insert += text;
      else this.components.splice(this.components.length - 1, 0, { insert: text });
    } else this.components.push({ insert: text });
    return this;
  }

  delete(n: number): this {
    if (n <= 0) return this;
    this.baseLength += n;
    const last = this.components.at(-1);
    if (last && "delete" in last) last.delete += n;
    else this.components.push({ delete: n });
    return this;
  }

  build(): TextOperation {
    return new TextOperation(this.components.map((c) => ({ ...c })), this.baseLength, this.targetLength);
  }
}

/** Walks components, taking parts of them. */
class Reader {
  private index = 0;
  private offset = 0;
  private readonly points: (string[] | null)[];

  constructor(private readonly components: readonly Component[]) {
    this.points = components.map((c) => ("insert" in c ? Array.from(c.insert) : null));
  }

  get done(): boolean {
    return this.index >= this.components.length;
  }

  get kind(): "retain" | "insert" | "delete" {
    const c = this.components[this.index]!;
    return "retain" in c ? "retain" : "insert" in c ? "insert" : "delete";
  }

  get remaining(): number {
    if (this.done) return Number.POSITIVE_INFINITY;
    const c = this.components[this.index]!;
    const length = "retain" in c ? c.retain : "insert" in c ? this.points[this.index]!.length : c.delete;
    return length - this.offset;
  }

  take(n: number): void {
    if (this.done) return;
    this.offset += n;
    if (this.remaining === 0) {
      this.index++;
      this.offset = 0;
    }
  }

  peekText(n: number): string {
    return this.points[this.index]!.slice(this.offset, this.offset + n).join("");
  }

  takeText(n: number): string {
    const text = this.peekText(n);
    this.take(n);
    return text;
  }

  /** The rest of the current component: its text for an insert, its length otherwise. */
  takeAll(): string | number {
    const kind = this.kind;
    const n = this.remaining;
    if (kind === "insert") return this.takeText(n);
    this.take(n);
    return n;
  }
}
