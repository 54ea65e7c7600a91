import { codePointLength, TextOperation } from "./textOperation";

/** The single replacement that turns `before` into `after` (common prefix and suffix kept), in code points. */
export const diff = (before: string, after: string): TextOperation => {
  const a = Array.from(before);
  const b = Array.from(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  return TextOperation.replace(a.length, prefix, a.length - suffix, b.slice(prefix, b.length - suffix).join(""));
};

/** A UTF-16 index (what text areas use) as a code point index, and back. */
export const toCodePoints = (text: string, utf16: number): number => codePointLength(text.slice(0, utf16));

export const toUtf16 = (text: string, codePoints: number): number => {
  let index = 0;
  let count = 0;
  for (const c of text) {
    if (count === codePoints) break;
    index += c.length;
    count++;
  }
  return index;
};
