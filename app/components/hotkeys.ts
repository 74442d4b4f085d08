import { useEffect } from "react";

function isTyping(el: EventTarget | null) {
  const node = el as HTMLElement | null;
  if (!node) return false;
  const tag = node.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || node.isContentEditable;
}

/**
 * Single-key shortcuts for people who live in the studio all day. Plain keys fire only when the
 * focus is not in a text field; keys with Ctrl/⌘ ("mod+s") fire everywhere.
 */
export function useHotkeys(bindings: Record<string, (e: KeyboardEvent) => void>, deps: unknown[] = []) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = (mod ? "mod+" : "") + e.key.toLowerCase();
      const fn = bindings[key];
      if (!fn) return;
      if (!mod && (isTyping(e.target) || e.altKey)) return;
      e.preventDefault();
      fn(e);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
}
