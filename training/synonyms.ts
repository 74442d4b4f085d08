/**
 * Workspace synonym groups (e.g. [发货, 寄出, 发出], [快递, 物流]) are applied by rewriting every
 * member of a group to the group's first term, at index time and at query time alike, so that
 * every retriever (BM25, TF-IDF, the trained encoder) sees one spelling.
 */
import { normalizeText } from "./normalize";

export interface SynonymRewriter {
  readonly groups: string[][];
  apply(normalizedText: string): string;
}

const LATIN_RE = /^[a-z0-9 '_-]+$/;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function createSynonymRewriter(groups: string[][] | undefined): SynonymRewriter {
  const clean: string[][] = [];
  const map = new Map<string, string>();
  for (const g of groups ?? []) {
    const terms = Array.from(new Set(g.map((t) => normalizeText(t)).filter((t) => t.length > 0)));
    if (terms.length < 2) continue;
    clean.push(terms);
    const head = terms[0];
    for (const t of terms.slice(1)) if (!map.has(t) && t !== head) map.set(t, head);
  }
  if (map.size === 0) return { groups: clean, apply: (t) => t };
  // Longest first, so that "人工客服" wins over "客服" when both are listed.
  const keys = Array.from(map.keys()).sort((a, b) => b.length - a.length);
  const parts = keys.map((k) => (LATIN_RE.test(k) ? `(?<![a-z0-9])${escapeRe(k)}(?![a-z0-9])` : escapeRe(k)));
  const re = new RegExp(parts.join("|"), "g");
  return {
    groups: clean,
    apply: (text) => text.replace(re, (m) => map.get(m) ?? m),
  };
}
