import { getDb } from "~/db.server";

import { getSettings } from "../../db/queries/settings";
import { normalizeKey } from "../../training/normalize";
import { getFaq, saveFaq } from "./faq.server";

/** The welcome message and its card questions (欢迎语卡片) for the simulator. */
export async function welcomeOf(workspaceId: number) {
  const settings = await getSettings(getDb(), workspaceId);
  const cards: { id: number; question: string }[] = [];
  for (const id of settings.welcomeCards.slice(0, 6)) {
    const f = await getFaq({ workspaceId, id });
    if (f && f.enabled) cards.push({ id: f.id, question: f.question });
  }
  return { message: settings.welcomeMessage, cards };
}

/** One click in the simulator: the customer's words become a variant of a candidate FAQ. */
export async function addVariantToFaq(opts: { workspaceId: number; userId: number; faqId: number; text: string }) {
  const faq = await getFaq({ workspaceId: opts.workspaceId, id: opts.faqId });
  if (!faq) return { ok: false as const, status: 404, error: "error.notFound.title" };
  const key = normalizeKey(opts.text);
  if (normalizeKey(faq.question) === key || faq.variants.some((v) => normalizeKey(v) === key)) {
    return { ok: true as const, question: faq.question };
  }
  const r = await saveFaq({
    workspaceId: opts.workspaceId,
    userId: opts.userId,
    id: faq.id,
    input: {
      question: faq.question,
      answer: faq.answer,
      categoryId: faq.categoryId,
      variants: [...faq.variants, opts.text],
      keywords: faq.keywords,
      relatedIds: faq.related.map((r) => r.id),
      enabled: faq.enabled,
    },
  });
  if (!r.ok) {
    const c = r.check.conflicts[0];
    return { ok: false as const, status: 400, error: c ? "faq.conflict" : "bot.sim.addFailed", conflict: c ? { text: c.text, faqId: c.faqId, question: c.question } : undefined };
  }
  return { ok: true as const, question: faq.question };
}
