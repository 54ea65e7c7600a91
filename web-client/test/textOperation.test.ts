import { describe, expect, it } from "vitest";
import { codePointLength, TextOperation } from "../src/lib/textOperation";

/** A small deterministic generator, so a failure names its seed. */
const random = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

const alphabet = ["a", "b", "é", "😀", " ", "\n"];

const randomText = (next: () => number, max: number) =>
  Array.from({ length: Math.floor(next() * max) }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");

const randomOperation = (next: () => number, text: string): TextOperation => {
  const length = codePointLength(text);
  const builder = TextOperation.builder();
  let left = length;
  while (left > 0 || next() < 0.3) {
    const roll = next();
    const n = Math.max(1, Math.floor(next() * Math.min(left, 4)));
    if (roll < 0.4 && left > 0) {
      builder.retain(n);
      left -= n;
    } else if (roll < 0.7 && left > 0) {
      builder.delete(n);
      left -= n;
    } else {
      builder.insert(randomText(next, 4) || "x");
    }
    if (left === 0 && next() < 0.7) break;
  }
  return builder.build();
};

describe("TextOperation", () => {
  it("counts and edits in code points, not UTF-16 units", () => {
    const op = TextOperation.replace(3, 1, 2, "ü");
    expect(op.apply("a😀b")).toBe("aüb");
    expect(op.baseLength).toBe(3);
    expect(() => op.apply("a😀bc")).toThrow(RangeError);
  });

  it("keeps canonical form: insert before delete, neighbours merged", () => {
    const op = TextOperation.builder().retain(1).delete(1).insert("x").insert("y").delete(1).build();
    expect(op.components).toEqual([{ retain: 1 }, { insert: "xy" }, { delete: 2 }]);
  });

  it("puts the left operation's insert first at a shared position, like the server", () => {
    const left = TextOperation.replace(2, 1, 1, "L");
    const right = TextOperation.replace(2, 1, 1, "R");
    const [leftPrime, rightPrime] = TextOperation.transform(left, right);
    expect(rightPrime.apply(left.apply("ab"))).toBe("aLRb");
    expect(leftPrime.apply(right.apply("ab"))).toBe("aLRb");
  });

  it("converges for random concurrent operations (transform property), 500 cases", () => {
    for (let seed = 1; seed <= 500; seed++) {
      const next = random(seed);
      const text = randomText(next, 12);
      const a = randomOperation(next, text);
      const b = randomOperation(next, text);
      const [aPrime, bPrime] = TextOperation.transform(a, b);
      expect(bPrime.apply(a.apply(text)), `seed ${seed}`).toBe(aPrime.apply(b.apply(text)));
    }
  });

  it("composes to the same result as applying in turn, 500 cases", () => {
    for (let seed = 1; seed <= 500; seed++) {
      const next = random(seed);
      const text = randomText(next, 12);
      const a = randomOperation(next, text);
      const b = randomOperation(next, a.apply(text));
      expect(a.compose(b).apply(text), `seed ${seed}`).toBe(b.apply(a.apply(text)));
    }
  });

  it("moves positions past text inserted at them and back over deleted text", () => {
    const op = TextOperation.builder().retain(2).insert("xyz").delete(2).retain(1).build();
    expect(op.transformPosition(2)).toBe(5);
    expect(op.transformPosition(3)).toBe(5);
    expect(op.transformPosition(5)).toBe(6);
    expect(op.transformPosition(0)).toBe(0);
  });
});
