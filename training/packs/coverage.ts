/**
 * One owner per meaning (issue 10): which pack questions another FAQ already answers.
 *
 * A shop that subscribes a pack already answers many of its questions with its own FAQs
 * (尺码怎么选 against the apparel pack's 衣服尺码怎么选), and the generic pack overlaps the
 * industry packs (补货, 正品, 以旧换新 …). Two FAQs that mean the same thing split every
 * customer question between them: the bot's confidence falls on both, the calibrated thresholds
 * rise (measured: hit rate 2.9% on a shop of its own FAQs plus the generic pack), and questions the
 * shop used to answer turn into clarify or no_answer. So a pack question that a higher-ranked FAQ
 * already answers is shadowed: it stays in the workspace, visibly, but the bot does not match it.
 *
 * Rank: the merchant's own FAQs, then industry packs, then the generic pack. "Already answers" is
 * measured the way the bot would answer: an engine trained on the owners alone answers the pack
 * question's standard question with the owner FAQ at a confidence of at least `minConfidence`.
 */
import { buildEngine, type KbFaq } from "../engine";

/** Confidence at which an owner engine's answer counts as "already answered" (see the measurements). */
export const COVERAGE_CONFIDENCE = 0.9;

export interface CoverageCandidate {
  id: string;
  question: string;
  /** Its other phrasings: a question most of whose phrasings an owner answers is that owner's too. */
  variants?: string[];
}

/** Share of a question's phrasings that must go to one owner (each at least MAJORITY_CONFIDENCE). */
export const MAJORITY_SHARE = 0.5;
export const MAJORITY_CONFIDENCE = 0.6;

/**
 * For each candidate, the id of the owner FAQ that already answers its standard question, or
 * nothing when no owner does. `synonyms` are the workspace's synonym groups.
 */
export async function coveredBy(
  owners: readonly KbFaq[],
  candidates: readonly CoverageCandidate[],
  opts: { synonyms?: string[][]; minConfidence?: number; seed?: number } = {},
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const enabled = owners.filter((f) => f.enabled !== false);
  if (!enabled.length || !candidates.length) return out;
  // Calibration needs a handful of FAQs; below that the engine's confidence means little.
  if (enabled.length < 3) return out;
  const engine = await buildEngine({ faqs: enabled, synonyms: opts.synonyms }, { encoders: "trained", parallel: false, seed: opts.seed });
  const min = opts.minConfidence ?? COVERAGE_CONFIDENCE;
  for (const c of candidates) {
    const [top] = engine.match(c.question, { k: 1 });
    if (!top) continue;
    if (top.confidence >= min) {
      out.set(c.id, top.faqId);
      continue;
    }
    // Its phrasings vote: twins such as 包邮吗 / 运费多少 or 怎么备注 / 怎么给订单备注 answer each
    // other's customers even when the standard questions differ in wording.
    if (!c.variants?.length || top.confidence < MAJORITY_CONFIDENCE) continue;
    // The standard question's own vote is `top`, already counted by the test above.
    let votes = 1;
    for (const t of c.variants) {
      const [m] = engine.match(t, { k: 1 });
      if (m && m.faqId === top.faqId && m.confidence >= MAJORITY_CONFIDENCE) votes++;
    }
    if (votes >= MAJORITY_SHARE * (1 + c.variants.length)) out.set(c.id, top.faqId);
  }
  return out;
}

export interface RankedFaq {
  faq: KbFaq;
  /** 0 = the merchant's own, 1 = an industry pack, 2 = the generic pack (ownerRank). */
  rank: number;
  /** Whether it can own others: the bot answers it (enabled, with an answer). */
  canOwn: boolean;
}

/**
 * Which FAQs are shadowed, and by whom, rank by rank: first everything below the merchant's rank
 * against the merchant's FAQs, then what is left of each lower rank against all higher-ranked
 * owners that are not shadowed themselves. The studio (db/queries/packs/shadows.ts) and the shop
 * benchmark (scripts/bench/shop-sets.ts) both call this, so the benchmark measures the product.
 */
export async function shadowsByRank(items: readonly RankedFaq[], opts: { synonyms?: string[][] } = {}): Promise<Map<string, string>> {
  const shadow = new Map<string, string>();
  const maxRank = Math.max(0, ...items.map((i) => i.rank));
  for (let r = 1; r <= maxRank; r++) {
    // Owners of rank r - 1 are what is new at this step; without them the owner set is the last step's.
    if (r > 1 && !items.some((i) => i.rank === r - 1 && i.canOwn && !shadow.has(i.faq.id))) continue;
    const owners = items.filter((i) => i.rank < r && i.canOwn && !shadow.has(i.faq.id)).map((i) => i.faq);
    const candidates = items.filter((i) => i.rank >= r && !shadow.has(i.faq.id)).map((i) => i.faq);
    for (const [id, owner] of await coveredBy(owners, candidates, opts)) shadow.set(id, owner);
  }
  return shadow;
}

/** Owner rank of an FAQ: merchant FAQs first, then industry packs, then the generic pack. */
export function ownerRank(packId: string | null | undefined, genericPackIds: ReadonlySet<string>): number {
  if (!packId) return 0;
  return genericPackIds.has(packId) ? 2 : 1;
}
