/** Subscribing a workspace to a pack and unsubscribing it (the merchant's work is archived). */
import { and, asc, eq, inArray } from "drizzle-orm";

import { loadPacks, type Pack } from "../../../training/packs/load";
import type { Db } from "../../client";
import { faqs, packArchive, packSubscriptions, variants } from "../../schema";
import { writeAudit } from "../audit";
import { requirePack, templateAnswer } from "./files";
import { recomputeShadows, type ShadowedQuestion } from "./shadows";
import {
  addPackQuestions,
  addPackSynonyms,
  countUnansweredIn,
  type PackDirOption,
  packFaqIds,
  phrasingOwners,
  readProfile,
  type SkippedPhrasing,
  type Tx,
} from "./shared";

export interface SubscribeReport {
  packId: string;
  version: string;
  alreadySubscribed: boolean;
  created: number;
  /** FAQs whose archived merchant answer came back. */
  restored: number;
  unanswered: number;
  skipped: SkippedPhrasing[];
  /** Synonym groups of the pack added to the workspace's (groups overlapping existing ones are not). */
  synonymsAdded: number;
  /** Questions of this pack that another FAQ already answers: kept, not matched (shadows.ts). */
  shadowed?: ShadowedQuestion[];
}

export async function subscribeInTx(tx: Tx, opts: { workspaceId: number; userId: number | null; pack: Pack }): Promise<SubscribeReport> {
  const { workspaceId, pack } = opts;
  const sub = await tx.query.packSubscriptions.findFirst({ where: and(eq(packSubscriptions.workspaceId, workspaceId), eq(packSubscriptions.packId, pack.id)) });
  if (sub?.active) {
    return {
      packId: pack.id,
      version: sub.version,
      alreadySubscribed: true,
      created: 0,
      restored: 0,
      unanswered: await countUnansweredIn(tx, workspaceId, pack.id),
      skipped: [],
      synonymsAdded: 0,
    };
  }
  const now = Date.now();
  if (sub)
    await tx
      .update(packSubscriptions)
      .set({ version: pack.version, active: true, updatedAt: now })
      .where(and(eq(packSubscriptions.workspaceId, workspaceId), eq(packSubscriptions.packId, pack.id)));
  else await tx.insert(packSubscriptions).values({ workspaceId, packId: pack.id, version: pack.version, active: true, subscribedAt: now, updatedAt: now });

  const present = await packFaqIds(tx, workspaceId, pack.id);
  const skipped: SkippedPhrasing[] = [];
  const { created, restored } = await addPackQuestions(tx, {
    workspaceId,
    userId: opts.userId,
    pack,
    questions: pack.questions.filter((q) => !present.has(q.key)),
    owners: await phrasingOwners(tx, workspaceId),
    skipped,
  });
  const synonyms = await addPackSynonyms(tx, workspaceId, pack);
  const unanswered = await countUnansweredIn(tx, workspaceId, pack.id);
  await writeAudit(tx, {
    workspaceId,
    userId: opts.userId,
    entity: "pack",
    action: "subscribe",
    summary: `${pack.name} ${pack.version}`,
    after: { pack: pack.id, version: pack.version, created: created.size, restored, unanswered, skipped: skipped.length, synonymsAdded: synonyms.added },
  });
  return {
    packId: pack.id,
    version: pack.version,
    alreadySubscribed: false,
    created: created.size,
    restored,
    unanswered,
    skipped,
    synonymsAdded: synonyms.added,
  };
}

export async function subscribePack(db: Db, opts: { workspaceId: number; packId: string; userId: number | null } & PackDirOption): Promise<SubscribeReport> {
  const pack = requirePack(opts.packId, opts.dir);
  const report = await db.transaction((tx) => subscribeInTx(tx, { workspaceId: opts.workspaceId, userId: opts.userId, pack }));
  const shadows = await recomputeShadows(db, { workspaceId: opts.workspaceId, dir: opts.dir });
  return { ...report, shadowed: shadows.filter((s) => s.packId === pack.id) };
}

/** The packs a new workspace starts with (the generic pack). */
export async function subscribeDefaultPacks(db: Db, opts: { workspaceId: number; userId?: number | null } & PackDirOption): Promise<SubscribeReport[]> {
  const packs = loadPacks(opts.dir).filter((p) => p.default);
  const out: SubscribeReport[] = [];
  for (const pack of packs) out.push(await db.transaction((tx) => subscribeInTx(tx, { workspaceId: opts.workspaceId, userId: opts.userId ?? null, pack })));
  if (out.some((r) => !r.alreadySubscribed)) {
    const shadows = await recomputeShadows(db, { workspaceId: opts.workspaceId, dir: opts.dir });
    for (const r of out) r.shadowed = shadows.filter((s) => s.packId === r.packId);
  }
  return out;
}

export interface UnsubscribeReport {
  packId: string;
  removed: number;
  archived: number;
}

/**
 * Removes the pack's FAQs; what the merchant put into them (answers that are not the plain
 * template, own variants, keywords, disabled state) goes to pack_archive and comes back on
 * re-subscribing.
 */
export async function unsubscribePack(
  db: Db,
  opts: { workspaceId: number; packId: string; userId: number | null } & PackDirOption,
): Promise<UnsubscribeReport> {
  const templates = new Map<string, string>();
  const pack = loadPacks(opts.dir).find((p) => p.id === opts.packId);
  for (const q of pack?.questions ?? []) templates.set(q.key, q.answerTemplate);
  const report = await db.transaction(async (tx) => {
    const { workspaceId, packId } = opts;
    const sub = await tx.query.packSubscriptions.findFirst({
      where: and(eq(packSubscriptions.workspaceId, workspaceId), eq(packSubscriptions.packId, packId)),
    });
    const settings = await readProfile(tx, workspaceId);
    const rows = await tx
      .select()
      .from(faqs)
      .where(and(eq(faqs.workspaceId, workspaceId), eq(faqs.packId, packId)));
    const own = rows.length
      ? await tx
          .select({ faqId: variants.faqId, text: variants.text })
          .from(variants)
          .where(
            and(
              inArray(
                variants.faqId,
                rows.map((r) => r.id),
              ),
              eq(variants.source, "merchant"),
              eq(variants.isStandard, false),
            ),
          )
          .orderBy(asc(variants.position), asc(variants.id))
      : [];
    let archived = 0;
    for (const f of rows) {
      const template = templates.get(f.packKey!);
      // An answer that is just the filled template is not the merchant's work: re-subscribing
      // fills the template again with the profile of that day.
      const answer = template !== undefined && f.answer === templateAnswer(template, settings.shopProfile) ? "" : f.answer;
      const mine = own.filter((v) => v.faqId === f.id).map((v) => v.text);
      if (!answer && !mine.length && !f.keywords.length && f.enabled) continue;
      const values = { answer, variants: mine, keywords: f.keywords, enabled: f.enabled, archivedAt: Date.now() };
      await tx
        .insert(packArchive)
        .values({ workspaceId, packId, packKey: f.packKey!, ...values })
        .onConflictDoUpdate({ target: [packArchive.workspaceId, packArchive.packId, packArchive.packKey], set: values });
      archived++;
    }
    if (rows.length)
      await tx.delete(faqs).where(
        inArray(
          faqs.id,
          rows.map((r) => r.id),
        ),
      );
    if (sub)
      await tx
        .update(packSubscriptions)
        .set({ active: false, updatedAt: Date.now() })
        .where(and(eq(packSubscriptions.workspaceId, workspaceId), eq(packSubscriptions.packId, packId)));
    await writeAudit(tx, {
      workspaceId,
      userId: opts.userId,
      entity: "pack",
      action: "unsubscribe",
      summary: pack ? `${pack.name} ${sub?.version ?? ""}`.trim() : packId,
      after: { pack: packId, removed: rows.length, archived },
    });
    return { packId, removed: rows.length, archived };
  });
  // Generic questions this pack owned have their own owner again (or none).
  await recomputeShadows(db, { workspaceId: opts.workspaceId, dir: opts.dir });
  return report;
}
