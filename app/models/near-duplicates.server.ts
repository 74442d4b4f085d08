import { getDb } from "~/db.server";
import { checkFaq } from "../../db/queries/faqs";
import type { FaqDetail } from "../../db/queries/faqs";

/** Near-duplicate phrasings of this FAQ in other FAQs (a warning shown on the FAQ page). */
export async function nearDuplicatesOf(workspaceId: number, faq: FaqDetail) {
  const r = await checkFaq(getDb(), {
    workspaceId,
    id: faq.id,
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
