/**
 * Character-bigram Jaccard similarity: the foundation's near-duplicate signal for Chinese text,
 * where word boundaries are not written. The engine issue replaces it with the engine's own
 * similarity where an engine is available.
 */
import { normalizeKey } from "./normalize";

export function charBigrams(text: string): Set<string> {
  const s = normalizeKey(text).replace(/\s+/g, "");
  const out = new Set<string>();
  const chars = [...s];
  if (chars.length === 1) out.add(chars[0]);
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  return out;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

export function bigramJaccard(a: string, b: string): number {
  return jaccard(charBigrams(a), charBigrams(b));
}

export const NEAR_DUPLICATE_THRESHOLD = 0.75;
