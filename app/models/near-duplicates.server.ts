import { getDb } from "~/db.server";

import type { FaqDetail } from "../../db/queries/faqs";
import { checkFaq, type NearDuplicateFinder } from "../../db/queries/faqs";
import { currentEngine } from "./engine.server";

/** Near-duplicate threshold on the engine's similarity (char n-gram TF-IDF + trained embedding). */
const ENGINE_NEAR_THRESHOLD = 0.8;

/**
 * The engine's near-duplicate search when a trained engine exists (issue 3); undefined before the
 * first training, and the check falls back to character-bigram Jaccard.
 */
export function engineNearFinder(workspaceId: number): NearDuplicateFinder | undefined {
  const engine = currentEngine(workspaceId);
  if (!engine) return undefined;
  return async (texts, excludeFaqId) => {
    const out = [];
    for (const text of texts) {
      for (const n of engine.findNearDuplicates(text, { threshold: ENGINE_NEAR_THRESHOLD, limit: 3, excludeFaqId: excludeFaqId === undefined ? undefined : String(excludeFaqId) })) {
        out.push({ text, existing: n.text, faqId: Number(n.faqId), similarity: n.similarity });
      }
    }
    return out;
  };
}

/** Near-duplicate phrasings of this FAQ in other FAQs (a warning shown on the FAQ page). */
export async function nearDuplicatesOf(workspaceId: number, faq: FaqDetail) {
  const r = await checkFaq(getDb(), {
    workspaceId,
    id: faq.id,
    nearFinder: engineNearFinder(workspaceId),
    input: {
      question: faq.question,
      answer: faq.answer,
      categoryId: faq.categoryId,
      variants: faq.variants,
      keywords: faq.keywords,
      relatedIds: [],
      enabled: faq.enabled,
    },
  });
  return r.nearDuplicates.map((n) => ({ text: n.text, existing: n.existing, faqId: n.faqId, question: n.question, similarity: n.similarity }));
}
