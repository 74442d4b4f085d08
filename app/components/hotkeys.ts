import { useEffect, useRef } from "react";

function isTyping(el: EventTarget | null) {
  const node = el as HTMLElement | null;
  if (!node) return false;
  const tag = node.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || node.isContentEditable;
}

/**
 * Single-key shortcuts for people who live in the studio all day. Plain keys fire only when the
 * focus is not in a text field; keys with Ctrl/⌘ ("mod+s") fire everywhere. A key runs the
 * bindings of the latest render (kept in a ref), so a handler never sees stale state (issue 15
 * item 7: a key press must act on what the page shows) and the listener is added once.
 */
export function useHotkeys(bindings: Record<string, (e: KeyboardEvent) => void>) {
  const latest = useRef(bindings);
  useEffect(() => {
    latest.current = bindings;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = (mod ? "mod+" : "") + e.key.toLowerCase();
      const fn = latest.current[key];
      if (!fn) return;
      if (!mod && (isTyping(e.target) || e.altKey)) return;
      e.preventDefault();
      fn(e);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
