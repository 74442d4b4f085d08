/**
 * Upgrading a subscribed pack to the version of its file. The workspace's copy is diffed against
 * the current pack file (the old file is gone once the code is upgraded).
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";

import { KbError } from "../../../training/errors";
import { normalizeKey } from "../../../training/normalize";
import type { Pack } from "../../../training/packs/load";
import type { Db } from "../../client";
import { faqs, packSubscriptions, variants } from "../../schema";
import { writeAudit } from "../audit";
import { compareVersions, requirePack, templateAnswer } from "./files";
import { recomputeShadows } from "./shadows";
import { addPackQuestions, addPackSynonyms, claimPhrasing, type PackDirOption, phrasingOwners, type Q, readProfile, type SkippedPhrasing } from "./shared";

export interface PackDiff {
  packId: string;
  name: string;
  fromVersion: string;
  toVersion: string;
  /** Changelog entries newer than the subscribed version. */
  changelog: { version: string; notes: string }[];
  added: { key: string; question: string; category: string; variants: number }[];
  removed: { key: string; question: string; faqId: number; hasAnswer: boolean; merchantVariants: number; /** kept as a merchant FAQ */ keep: boolean }[];
  changed: { key: string; faqId: number; question: string; newQuestion: string | null; addedVariants: string[]; removedVariants: string[] }[];
}

async function readPackCopy(tx: Q, workspaceId: number, packId: string) {
  const rows = await tx
    .select({ id: faqs.id, key: faqs.packKey, question: faqs.question, answer: faqs.answer })
    .from(faqs)
    .where(and(eq(faqs.workspaceId, workspaceId), eq(faqs.packId, packId)))
    .orderBy(asc(faqs.id));
  const vs = rows.length
    ? await tx
        .select({
          id: variants.id,
          faqId: variants.faqId,
          text: variants.text,
          normKey: variants.normKey,
          source: variants.source,
          isStandard: variants.isStandard,
        })
        .from(variants)
        .where(
          inArray(
            variants.faqId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  return rows.map((r) => ({ ...r, key: r.key!, variants: vs.filter((v) => v.faqId === r.id) }));
}

function diffAgainst(copy: Awaited<ReturnType<typeof readPackCopy>>, pack: Pack, fromVersion: string): PackDiff {
  const byKey = new Map(copy.map((c) => [c.key, c]));
  const inPack = new Set(pack.questions.map((q) => q.key));
  const diff: PackDiff = {
    packId: pack.id,
    name: pack.name,
    fromVersion,
    toVersion: pack.version,
    changelog: pack.changelog.filter((c) => compareVersions(c.version, fromVersion) > 0),
    added: [],
    removed: [],
    changed: [],
  };
  for (const q of pack.questions) {
    const c = byKey.get(q.key);
    if (!c) {
      diff.added.push({ key: q.key, question: q.question, category: q.category, variants: q.variants.length });
      continue;
    }
    const packVariants = c.variants.filter((v) => v.source === "pack" && !v.isStandard);
    const newQuestion = normalizeKey(c.question) !== normalizeKey(q.question) ? q.question : null;
    // When the standard question changes, the old one may live on as a variant of the new version.
    const have = new Set(c.variants.filter((v) => !(newQuestion && v.isStandard)).map((v) => v.normKey));
    const wanted = new Set(q.variants.map((v) => normalizeKey(v)));
    const addedVariants = q.variants.filter((v) => !have.has(normalizeKey(v)));
    const removedVariants = packVariants.filter((v) => !wanted.has(v.normKey) && v.normKey !== normalizeKey(q.question)).map((v) => v.text);
    if (newQuestion || addedVariants.length || removedVariants.length)
      diff.changed.push({ key: q.key, faqId: c.id, question: c.question, newQuestion, addedVariants, removedVariants });
  }
  for (const c of copy) {
    if (inPack.has(c.key)) continue;
    const merchantVariants = c.variants.filter((v) => v.source === "merchant" && !v.isStandard).length;
    const hasAnswer = c.answer.trim() !== "";
    diff.removed.push({ key: c.key, question: c.question, faqId: c.id, hasAnswer, merchantVariants, keep: hasAnswer || merchantVariants > 0 });
  }
  return diff;
}

async function subscription(tx: Q, workspaceId: number, packId: string) {
  return tx.query.packSubscriptions.findFirst({ where: and(eq(packSubscriptions.workspaceId, workspaceId), eq(packSubscriptions.packId, packId)) });
}

/** What upgrading to the pack file's version would change; null when not subscribed. */
export async function diffPack(db: Q, opts: { workspaceId: number; packId: string } & PackDirOption): Promise<PackDiff | null> {
  const pack = requirePack(opts.packId, opts.dir);
  const sub = await subscription(db, opts.workspaceId, opts.packId);
  if (!sub?.active) return null;
  return diffAgainst(await readPackCopy(db, opts.workspaceId, opts.packId), pack, sub.version);
}

export interface UpgradeReport {
  packId: string;
  fromVersion: string;
  toVersion: string;
  added: number;
  /** Removed pack questions kept as ordinary merchant FAQs (they had a merchant answer or variants). */
  kept: number;
  deleted: number;
  changed: number;
  skipped: SkippedPhrasing[];
  synonymsAdded: number;
}

/**
 * Applies the diff: every merchant answer, keyword and merchant variant stays; pack variants and
 * standard questions follow the new pack; a removed question the merchant answered becomes an
 * ordinary FAQ instead of being deleted.
 */
export async function upgradePack(db: Db, opts: { workspaceId: number; packId: string; userId: number | null } & PackDirOption): Promise<UpgradeReport> {
  const pack = requirePack(opts.packId, opts.dir);
  const result = await db.transaction(async (tx) => {
    const { workspaceId } = opts;
    const sub = await subscription(tx, workspaceId, pack.id);
    if (!sub?.active) throw new KbError("PACK_NOT_SUBSCRIBED", { packId: pack.id });
    const copy = await readPackCopy(tx, workspaceId, pack.id);
    const diff = diffAgainst(copy, pack, sub.version);
    const byKey = new Map(copy.map((c) => [c.key, c]));
    const qByKey = new Map(pack.questions.map((q) => [q.key, q]));
    const skipped: SkippedPhrasing[] = [];
    const now = Date.now();

    // 1. Removals first, so that phrasings moving between questions are free when re-added.
    let kept = 0;
    let deleted = 0;
    for (const r of diff.removed) {
      if (r.keep) {
        await tx.update(faqs).set({ packId: null, packKey: null, packVersion: null, updatedAt: now, updatedBy: opts.userId }).where(eq(faqs.id, r.faqId));
        await tx.update(variants).set({ source: "merchant" }).where(eq(variants.faqId, r.faqId));
        kept++;
      } else {
        await tx.delete(faqs).where(eq(faqs.id, r.faqId));
        deleted++;
      }
    }
    for (const c of diff.changed) {
      if (!c.removedVariants.length) continue;
      const keys = c.removedVariants.map((t) => normalizeKey(t));
      await tx
        .delete(variants)
        .where(and(eq(variants.faqId, c.faqId), eq(variants.source, "pack"), eq(variants.isStandard, false), inArray(variants.normKey, keys)));
    }

    // 2. Changes and additions against the phrasings that remain.
    const owners = await phrasingOwners(tx, workspaceId);
    for (const c of diff.changed) {
      const q = qByKey.get(c.key)!;
      const faq = byKey.get(c.key)!;
      let question = faq.question;
      if (c.newQuestion) {
        const newKey = normalizeKey(c.newQuestion);
        const owner = owners.get(newKey);
        if (owner && owner.faqId !== c.faqId) {
          skipped.push({ packId: pack.id, key: c.key, text: c.newQuestion, kind: "variant", ownerFaqId: owner.faqId, ownerQuestion: owner.question });
        } else {
          // The FAQ's own phrasing (a variant) becomes the standard question.
          if (owner) await tx.delete(variants).where(and(eq(variants.faqId, c.faqId), eq(variants.normKey, newKey), eq(variants.isStandard, false)));
          const std = faq.variants.find((v) => v.isStandard);
          if (std) {
            owners.delete(std.normKey);
            await tx.update(variants).set({ text: c.newQuestion, normKey: newKey, source: "pack" }).where(eq(variants.id, std.id));
          } else
            await tx
              .insert(variants)
              .values({ workspaceId, faqId: c.faqId, text: c.newQuestion, normKey: newKey, isStandard: true, source: "pack", position: 0 });
          question = c.newQuestion;
          owners.set(newKey, { faqId: c.faqId, question });
          await tx.update(faqs).set({ question, updatedAt: now, updatedBy: opts.userId }).where(eq(faqs.id, c.faqId));
        }
      }
      const [{ maxPos }] = await tx
        .select({ maxPos: sql<number>`coalesce(max(${variants.position}), 0)` })
        .from(variants)
        .where(eq(variants.faqId, c.faqId));
      let position = maxPos + 1;
      const rows: (typeof variants.$inferInsert)[] = [];
      for (const text of c.addedVariants) {
        const normKey = claimPhrasing(owners, skipped, { packId: pack.id, key: q.key, faqId: c.faqId, question }, text);
        if (normKey) rows.push({ workspaceId, faqId: c.faqId, text, normKey, isStandard: false, source: "pack", position: position++ });
      }
      if (rows.length) await tx.insert(variants).values(rows);
    }

    const { created } = await addPackQuestions(tx, {
      workspaceId,
      userId: opts.userId,
      pack,
      questions: diff.added.map((a) => qByKey.get(a.key)!),
      owners,
      skipped,
    });
    const settings = await readProfile(tx, workspaceId);

    // Unanswered questions may be answerable by the new templates.
    for (const c of copy) {
      const q = qByKey.get(c.key);
      if (!q || c.answer.trim()) continue;
      const answer = templateAnswer(q.answerTemplate, settings.shopProfile);
      if (answer) await tx.update(faqs).set({ answer, updatedAt: now }).where(eq(faqs.id, c.id));
    }
    await tx
      .update(faqs)
      .set({ packVersion: pack.version })
      .where(and(eq(faqs.workspaceId, workspaceId), eq(faqs.packId, pack.id)));
    await tx
      .update(packSubscriptions)
      .set({ version: pack.version, updatedAt: now })
      .where(and(eq(packSubscriptions.workspaceId, workspaceId), eq(packSubscriptions.packId, pack.id)));
    const report: UpgradeReport = {
      packId: pack.id,
      fromVersion: sub.version,
      toVersion: pack.version,
      added: created.size,
      kept,
      deleted,
      changed: diff.changed.length,
      skipped,
      synonymsAdded: (await addPackSynonyms(tx, workspaceId, pack)).added,
    };
    await writeAudit(tx, {
      workspaceId,
      userId: opts.userId,
      entity: "pack",
      action: "upgrade",
      summary: `${pack.name} ${sub.version} → ${pack.version}`,
      after: { ...report, skipped: skipped.length },
    });
    return report;
  });
  // New and changed questions may duplicate an FAQ of the shop (or of an industry pack).
  await recomputeShadows(db, { workspaceId: opts.workspaceId, dir: opts.dir });
  return result;
}
