/**
 * One owner per meaning: pack questions that a higher-ranked FAQ already answers are shadowed
 * (faqs.shadowed_by), so that the bot matches the owner only (training/packs/coverage.ts says
 * why). Recomputed after every pack change: subscribe, unsubscribe, upgrade.
 *
 * The engines that measure coverage are trained outside any transaction (a few seconds for a
 * large shop); only the final writes take the write lock.
 */
import { and, eq, inArray, isNotNull } from "drizzle-orm";

import type { KbFaq } from "../../../training/engine";
import { ownerRank, shadowsByRank } from "../../../training/packs/coverage";
import { loadPacks } from "../../../training/packs/load";
import type { Db } from "../../client";
import { faqs } from "../../schema";
import { listSynonymGroups } from "../bot-content";
import { loadKnowledgeBase } from "../faqs";
import { getSettings } from "../settings";
import type { PackDirOption } from "./shared";

export interface ShadowedQuestion {
  faqId: number;
  question: string;
  packId: string;
  /** The FAQ that answers it instead. */
  ownerId: number;
  ownerQuestion: string;
}

export async function recomputeShadows(db: Db, opts: { workspaceId: number } & PackDirOption): Promise<ShadowedQuestion[]> {
  const { workspaceId } = opts;
  const [kb, synonyms, settings] = await Promise.all([loadKnowledgeBase(db, workspaceId), listSynonymGroups(db, workspaceId), getSettings(db, workspaceId)]);
  const generic = new Set(
    loadPacks(opts.dir)
      .filter((p) => p.industry === "通用")
      .map((p) => p.id),
  );
  const syn = synonyms.map((s) => s.terms).filter((t) => t.length > 1);
  // An owner must be something the bot answers: enabled, with an answer (or the workspace default).
  const answered = (f: (typeof kb.faqs)[number]) => f.enabled && (f.answer.trim() !== "" || settings.defaultAnswer.trim() !== "");
  const asKb = (f: (typeof kb.faqs)[number]): KbFaq => ({ id: String(f.id), question: f.question, variants: f.variants.map((v) => v.text) });

  const ranked = await shadowsByRank(
    kb.faqs.map((f) => ({ faq: asKb(f), rank: ownerRank(f.packId, generic), canOwn: answered(f) })),
    { synonyms: syn },
  );
  const shadow = new Map([...ranked].map(([id, owner]) => [Number(id), Number(owner)]));

  const byId = new Map(kb.faqs.map((f) => [f.id, f]));
  await db.transaction(async (tx) => {
    await tx
      .update(faqs)
      .set({ shadowedBy: null })
      .where(and(eq(faqs.workspaceId, workspaceId), isNotNull(faqs.shadowedBy)));
    const byOwner = new Map<number, number[]>();
    for (const [id, owner] of shadow) byOwner.set(owner, [...(byOwner.get(owner) ?? []), id]);
    for (const [owner, ids] of byOwner)
      await tx
        .update(faqs)
        .set({ shadowedBy: owner })
        .where(and(eq(faqs.workspaceId, workspaceId), inArray(faqs.id, ids)));
  });
  return [...shadow].map(([id, owner]) => ({
    faqId: id,
    question: byId.get(id)!.question,
    packId: byId.get(id)!.packId!,
    ownerId: owner,
    ownerQuestion: byId.get(owner)!.question,
  }));
}
