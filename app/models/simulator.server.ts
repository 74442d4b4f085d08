import { getDb } from "~/db.server";

import { addVariants } from "../../db/queries/faqs";
import { getSettings } from "../../db/queries/settings";
import { KbError } from "../../training/errors";
import { getFaq } from "./faq.server";
import { onKnowledgeChanged } from "./knowledge-events.server";

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

/**
 * One click in the simulator: the customer's words become a variant of a candidate FAQ, by the
 * same addVariants (and conflict rule) as inbox labeling. A phrasing the FAQ has is no change.
 */
export async function addVariantToFaq(opts: { workspaceId: number; userId: number; faqId: number; text: string }) {
  let r;
  try {
    r = await getDb().transaction((tx) => addVariants(tx, { ...opts, texts: [opts.text] }));
  } catch (e) {
    if (e instanceof KbError && e.code === "FAQ_MISSING") return { ok: false as const, status: 404, error: "error.notFound.title" };
    throw e;
  }
  if (r.added.length) onKnowledgeChanged(opts.workspaceId);
  const skip = r.skipped[0];
  if (skip?.reason === "conflict")
    return { ok: false as const, status: 400, error: "faq.conflict", conflict: { text: skip.text, faqId: skip.faqId!, question: skip.question! } };
  if (skip) return { ok: false as const, status: 400, error: "bot.sim.addFailed", conflict: undefined };
  return { ok: true as const, question: r.question };
}
