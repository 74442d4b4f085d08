/**
 * An imported FAQ that means what a pack question means (issue 10, "merchant FAQs and packs agree
 * on one rule"): the preview names the pack question, and the trainer can merge the row into it
 * with one click — the row's answer becomes the shop's answer of the pack question, its question
 * and phrasings become the pack question's phrasings — instead of a second FAQ for one meaning,
 * which the bot would split its confidence over. Without a choice the row is imported as its own
 * FAQ (the merchant wins).
 */
import type { ErrorParams, KbErrorCode } from "../../training/errors";
import { charBigrams, jaccard, NEAR_DUPLICATE_THRESHOLD } from "../../training/near-duplicate";
import { normalizeKey } from "../../training/normalize";
import type { ImportIssue, PlannedRow } from "./faq-io";
import type { loadKnowledgeBase, NearDuplicateFinder } from "./faqs";

type KbFaq = Awaited<ReturnType<typeof loadKnowledgeBase>>["faqs"][number];

export interface NearPack {
  faqId: number;
  question: string;
  /** The row's phrasing and the pack phrasing it is close to. */
  text: string;
  existing: string;
  similarity: number;
}

/** How many of a row's phrasings are compared (its question first): enough to find the meaning. */
const MAX_TEXTS = 6;

/**
 * The closest pack question of each new row, by the engine's similarity when there is an engine
 * (its near-duplicate search), else by character bigrams. Only pack questions the shop's own FAQs
 * do not already shadow, and none that another row of the file already updates.
 */
export async function nearPackQuestions(planned: PlannedRow[], faqs: KbFaq[], finder?: NearDuplicateFinder): Promise<Map<number, NearPack>> {
  const out = new Map<number, NearPack>();
  const pack = new Map(faqs.filter((f) => f.packId !== null && f.shadowedBy === null).map((f) => [f.id, f]));
  if (!pack.size) return out;
  const updated = new Set(planned.flatMap((p) => (p.status === "update" && p.existingId !== undefined ? [p.existingId] : [])));
  const phrasings = finder
    ? []
    : [...pack.values()].flatMap((f) => [f.question, ...f.variants.map((v) => v.text)].map((text) => ({ faqId: f.id, text, grams: charBigrams(text) })));
  for (const p of planned) {
    if (p.status !== "create" || !p.input) continue;
    const texts = [p.input.question, ...p.input.variants].slice(0, MAX_TEXTS);
    // The pack question most of the row's phrasings are close to (a row can touch two twins):
    // per pack question the sum over the row's phrasings of the closest one, and its best pair.
    const byFaq = new Map<number, { perText: Map<string, number>; best: NearPack }>();
    const consider = (faqId: number, text: string, existing: string, similarity: number) => {
      const f = pack.get(faqId);
      if (!f || updated.has(faqId)) return;
      let c = byFaq.get(faqId);
      if (!c) byFaq.set(faqId, (c = { perText: new Map(), best: { faqId, question: f.question, text, existing, similarity } }));
      c.perText.set(text, Math.max(c.perText.get(text) ?? 0, similarity));
      if (similarity > c.best.similarity) c.best = { faqId, question: f.question, text, existing, similarity };
    };
    if (finder) for (const n of await finder(texts)) consider(n.faqId, n.text, n.existing, n.similarity);
    else
      for (const text of texts) {
        const grams = charBigrams(text);
        for (const ph of phrasings) {
          const s = jaccard(grams, ph.grams);
          if (s >= NEAR_DUPLICATE_THRESHOLD) consider(ph.faqId, text, ph.text, s);
        }
      }
    const score = (c: { perText: Map<string, number> }) => [...c.perText.values()].reduce((a, b) => a + b, 0);
    const top = [...byFaq.values()].sort((a, b) => score(b) - score(a) || b.best.similarity - a.best.similarity)[0];
    if (top) out.set(p.row, { ...top.best, similarity: Math.round(top.best.similarity * 100) / 100 });
  }
  return out;
}

/** The notice a near row carries in the preview (and the CLI's `notice:` line). */
export function nearPackNotice(issue: (row: number, column: string | null, code: KbErrorCode, params?: ErrorParams) => ImportIssue, row: number, n: NearPack) {
  return issue(row, "标准问题", "IMPORT_NEAR_PACK_QUESTION", { question: n.question, faqId: n.faqId, text: n.text, existing: n.existing });
}

/**
 * The row merged into its pack question: an update of that FAQ with the row's answer, the pack
 * question's phrasings plus the row's question and phrasings, and both FAQs' keywords and related
 * questions. What the row took from this pack question stays there.
 */
export function mergeIntoPack(p: PlannedRow, f: KbFaq, relatedOf: (id: number) => string | undefined) {
  const i = p.input!;
  const seen = new Set([normalizeKey(f.question)]);
  const variants: string[] = [];
  for (const v of [...f.variants.map((x) => x.text), i.question, ...i.variants]) {
    const k = normalizeKey(v);
    if (seen.has(k)) continue;
    seen.add(k);
    variants.push(v);
  }
  const union = (a: string[], b: string[]) => [...new Map([...a, ...b].map((x) => [normalizeKey(x), x])).values()];
  const related = union(
    f.relatedIds.map(relatedOf).filter((x): x is string => !!x),
    i.related,
  ).filter((q) => normalizeKey(q) !== normalizeKey(f.question));
  p.status = "update";
  p.existingId = f.id;
  p.mergedInto = { faqId: f.id, question: f.question, from: i.question };
  p.moves = p.moves?.filter((m) => m.faqId !== f.id);
  if (!p.moves?.length) delete p.moves;
  p.input = {
    question: f.question,
    answer: i.answer || f.answer,
    category: f.categoryName,
    variants,
    keywords: union(f.keywords, i.keywords),
    related,
    enabled: f.enabled || i.enabled,
  };
}
