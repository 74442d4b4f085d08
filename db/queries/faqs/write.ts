/** Writing FAQs: create or update with the audit trail, delete, enable and disable. */
import { eq, inArray } from "drizzle-orm";

import { normalizeKey } from "../../../training/normalize";
import type { Db } from "../../client";
import { categories, faqRelations, faqs, variants } from "../../schema";
import { writeAudit } from "../audit";
import {
  checkFaq,
  cleanFaqInput,
  type FaqCheckResult,
  type FaqInput,
  hasErrors,
  type NearDuplicateFinder,
  packSide,
  type SimilarityFn,
  tidyText,
} from "./check";
import { getFaq } from "./read";
import { type Tx } from "./shared";

export function snapshot(f: {
  question: string;
  answer: string;
  categoryName?: string;
  variants: string[];
  keywords: string[];
  related: { question: string }[] | string[];
  enabled: boolean;
}) {
  return {
    question: f.question,
    answer: f.answer,
    category: f.categoryName,
    variants: f.variants,
    keywords: f.keywords,
    related: f.related.map((r) => (typeof r === "string" ? r : r.question)),
    enabled: f.enabled,
  };
}

export type FaqSnapshot = ReturnType<typeof snapshot>;

function sameSnapshot(a: FaqSnapshot, b: FaqSnapshot) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Writes an FAQ inside a transaction (no checks): the caller validated it. Returns whether anything changed. */
export async function writeFaq(
  tx: Tx,
  opts: {
    workspaceId: number;
    userId: number | null;
    id?: number;
    input: FaqInput;
    action?: "create" | "update" | "delete" | "import";
    /** the row was inserted bare earlier in this transaction */ fresh?: boolean;
  },
): Promise<{ id: number; changed: boolean; created: boolean }> {
  let input = cleanFaqInput(opts.input);
  const before = opts.id !== undefined && !opts.fresh ? await getFaq(tx, { workspaceId: opts.workspaceId, id: opts.id }) : null;
  if (before?.packId) {
    // Pack FAQs keep the pack's standard question and pack variants, first and in their order.
    const pack = (await packSide(tx, opts.workspaceId, before.id))!;
    const packKeys = new Set([normalizeKey(pack.question), ...pack.variants.map((v) => normalizeKey(v))]);
    input = { ...input, question: pack.question, variants: [...pack.variants, ...input.variants.filter((v) => !packKeys.has(normalizeKey(v)))] };
  }
  const question = tidyText(input.question);
  const now = Date.now();
  // An update, in place or of a row that an import reserved (fresh), writes the same columns.
  const updateFields = () => ({
    question,
    answer: input.answer,
    categoryId: input.categoryId,
    keywords: input.keywords,
    enabled: input.enabled,
    updatedAt: now,
    updatedBy: opts.userId,
  });
  let id: number;
  if (before) {
    id = before.id;
    const cat = await tx.query.categories.findFirst({ where: eq(categories.id, input.categoryId) });
    const relQuestions = input.relatedIds.length
      ? await tx.select({ id: faqs.id, question: faqs.question }).from(faqs).where(inArray(faqs.id, input.relatedIds))
      : [];
    const afterSnap = snapshot({
      question,
      answer: input.answer,
      categoryName: cat?.name,
      variants: input.variants,
      keywords: input.keywords,
      related: input.relatedIds.map((rid) => relQuestions.find((r) => r.id === rid)?.question ?? String(rid)),
      enabled: input.enabled,
    });
    const beforeSnap = snapshot(before);
    if (sameSnapshot(beforeSnap, afterSnap)) return { id, changed: false, created: false };
    await tx.update(faqs).set(updateFields()).where(eq(faqs.id, id));
  } else if (opts.fresh && opts.id !== undefined) {
    id = opts.id;
    await tx.update(faqs).set(updateFields()).where(eq(faqs.id, id));
  } else {
    const [row] = await tx
      .insert(faqs)
      .values({
        workspaceId: opts.workspaceId,
        categoryId: input.categoryId,
        question,
        answer: input.answer,
        keywords: input.keywords,
        enabled: input.enabled,
        createdAt: now,
        updatedAt: now,
        updatedBy: opts.userId,
      })
      .returning({ id: faqs.id });
    id = row.id;
  }

  // Variants: keep rows whose key is unchanged (stable ids for incremental index updates),
  // delete the ones that went away, insert the new ones.
  const wanted = [{ text: question, isStandard: true }, ...input.variants.map((text) => ({ text: tidyText(text), isStandard: false }))];
  const existing = before || opts.fresh ? await tx.select().from(variants).where(eq(variants.faqId, id)) : [];
  const existingByKey = new Map(existing.map((v) => [v.normKey, v]));
  const wantedKeys = new Set<string>();
  const toInsert: (typeof variants.$inferInsert)[] = [];
  for (let position = 0; position < wanted.length; position++) {
    const w = wanted[position];
    const normKey = normalizeKey(w.text);
    if (wantedKeys.has(normKey)) continue;
    wantedKeys.add(normKey);
    const ex = existingByKey.get(normKey);
    if (ex) {
      if (ex.text !== w.text || ex.isStandard !== w.isStandard || ex.position !== position)
        await tx.update(variants).set({ text: w.text, isStandard: w.isStandard, position }).where(eq(variants.id, ex.id));
    } else toInsert.push({ workspaceId: opts.workspaceId, faqId: id, text: w.text, normKey, isStandard: w.isStandard, position });
  }
  const toDelete = existing.filter((v) => !wantedKeys.has(v.normKey)).map((v) => v.id);
  if (toDelete.length) await tx.delete(variants).where(inArray(variants.id, toDelete));
  if (toInsert.length) await tx.insert(variants).values(toInsert);

  await tx.delete(faqRelations).where(eq(faqRelations.faqId, id));
  if (input.relatedIds.length)
    await tx.insert(faqRelations).values([...new Set(input.relatedIds)].map((relatedFaqId, position) => ({ faqId: id, relatedFaqId, position })));

  const after = await getFaq(tx, { workspaceId: opts.workspaceId, id });
  await writeAudit(tx, {
    workspaceId: opts.workspaceId,
    userId: opts.userId,
    entity: "faq",
    entityId: id,
    action: opts.action ?? (before ? "update" : "create"),
    summary: question,
    before: before ? snapshot(before) : null,
    after: after ? snapshot(after) : null,
  });
  return { id, changed: true, created: !before };
}

export async function saveFaq(
  db: Db,
  opts: { workspaceId: number; userId: number | null; id?: number; input: FaqInput; similarity?: SimilarityFn; nearFinder?: NearDuplicateFinder },
): Promise<{ ok: true; id: number; changed: boolean; check: FaqCheckResult } | { ok: false; check: FaqCheckResult }> {
  return db.transaction(async (tx) => {
    const check = await checkFaq(tx, {
      workspaceId: opts.workspaceId,
      id: opts.id,
      input: opts.input,
      similarity: opts.similarity,
      nearFinder: opts.nearFinder,
    });
    if (hasErrors(check)) return { ok: false as const, check };
    const r = await writeFaq(tx, opts);
    return { ok: true as const, id: r.id, changed: r.changed, check };
  });
}

export async function deleteFaq(db: Db, opts: { workspaceId: number; id: number; userId: number | null }) {
  return db.transaction(async (tx) => {
    const before = await getFaq(tx, opts);
    if (!before) return false;
    await tx.delete(faqs).where(eq(faqs.id, before.id));
    await writeAudit(tx, {
      workspaceId: opts.workspaceId,
      userId: opts.userId,
      entity: "faq",
      entityId: before.id,
      action: "delete",
      summary: before.question,
      before: snapshot(before),
    });
    return true;
  });
}

export async function setFaqEnabled(db: Db, opts: { workspaceId: number; id: number; enabled: boolean; userId: number | null }) {
  return db.transaction(async (tx) => {
    const before = await getFaq(tx, opts);
    if (!before) return false;
    if (before.enabled === opts.enabled) return true;
    await tx.update(faqs).set({ enabled: opts.enabled, updatedAt: Date.now(), updatedBy: opts.userId }).where(eq(faqs.id, before.id));
    await writeAudit(tx, {
      workspaceId: opts.workspaceId,
      userId: opts.userId,
      entity: "faq",
      entityId: before.id,
      action: "update",
      summary: before.question,
      before: { enabled: before.enabled },
      after: { enabled: opts.enabled },
    });
    return true;
  });
}
