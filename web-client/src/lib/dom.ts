/** Creates an element with attributes and children; text children are set as text, never as HTML. */
export const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false) continue;
    element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children);
  return element;
};

/** A color per user, stable across tabs. */
export const userColor = (userId: string): string => {
  let hash = 0;
  for (const c of userId) hash = (hash * 31 + c.codePointAt(0)!) >>> 0;
  return `hsl(${hash % 360} 70% 45%)`;
};

/** Runs `task` every `ms` and whenever the page comes back into view, until `signal` aborts (a view that is gone stops asking). */
export const whileShown = (ms: number, task: () => void, signal: AbortSignal): void => {
  const timer = setInterval(() => {
    if (document.visibilityState === "visible") task();
  }, ms);
  signal.addEventListener("abort", () => clearInterval(timer));
  document.addEventListener(
    "visibilitychange",
    () => {
      if (document.visibilityState === "visible") task();
    },
    { signal },
  );
};
