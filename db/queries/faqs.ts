/**
 * The FAQ knowledge base: categories, FAQs with their variants (相似问法), keywords and related
 * FAQs (关联问题), duplicate and conflict checks, and the audit trail of every change.
 */
import { and, asc, desc, eq, inArray, like, ne, or, type SQL, sql } from "drizzle-orm";

import { type ErrorParams, formatError, KbError, type KbErrorCode } from "../../training/errors";
import { soundKey } from "../../training/homophones";
import { bigramJaccard, NEAR_DUPLICATE_THRESHOLD } from "../../training/near-duplicate";
import { cleanInput, normalizeKey } from "../../training/normalize";
import type { Db } from "../client";
import { categories, faqRelations, faqs, users, variants } from "../schema";
import { userDisplayName, writeAudit } from "./audit";
import { pageWindow } from "./paging";

export const MAX_VARIANT_LENGTH = 200;
export const MAX_QUESTION_LENGTH = 200;
export const MAX_ANSWER_LENGTH = 5000;
export const MAX_RELATED = 5;
export const MAX_KEYWORDS = 20;

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Q = Db | Tx;

/* ------------------------------------------------------------------ categories */

export async function listCategories(db: Q, workspaceId: number) {
  return db
    .select({
      id: categories.id,
      name: categories.name,
      position: categories.position,
      // A join, not a correlated subquery: drizzle leaves a one-table select's columns unqualified,
      // so "(select … where category_id = id)" compared the FAQ's own columns (issue 15 item 2).
      faqCount: sql<number>`count(${faqs.id})`,
    })
    .from(categories)
    .leftJoin(faqs, eq(faqs.categoryId, categories.id))
    .where(eq(categories.workspaceId, workspaceId))
    .groupBy(categories.id)
    .orderBy(asc(categories.position), asc(categories.id));
}

export async function createCategory(db: Db, opts: { workspaceId: number; name: string; userId: number | null }) {
  const name = tidyText(opts.name);
  if (!name) throw new KbError("CATEGORY_EMPTY", {});
  if (name.length > 30) throw new KbError("CATEGORY_TOO_LONG", { max: 30 });
  return db.transaction(async (tx) => {
    const dup = await tx.query.categories.findFirst({ where: and(eq(categories.workspaceId, opts.workspaceId), eq(categories.name, name)) });
    if (dup) throw new KbError("CATEGORY_EXISTS", { name });
    const [{ maxPos }] = await tx
      .select({ maxPos: sql<number>`coalesce(max(${categories.position}), -1)` })
      .from(categories)
      .where(eq(categories.workspaceId, opts.workspaceId));
    const [c] = await tx
      .insert(categories)
      .values({ workspaceId: opts.workspaceId, name, position: maxPos + 1 })
      .returning();
    await writeAudit(tx, { workspaceId: opts.workspaceId, userId: opts.userId, entity: "category", entityId: c.id, action: "create", after: { name } });
    return c;
  });
}

export async function renameCategory(db: Db, opts: { workspaceId: number; id: number; name: string; userId: number | null }) {
  const name = tidyText(opts.name);
  if (!name) throw new KbError("CATEGORY_EMPTY", {});
  if (name.length > 30) throw new KbError("CATEGORY_TOO_LONG", { max: 30 });
  return db.transaction(async (tx) => {
    const c = await tx.query.categories.findFirst({ where: and(eq(categories.workspaceId, opts.workspaceId), eq(categories.id, opts.id)) });
    if (!c) return null;
    if (c.name === name) return c;
    const dup = await tx.query.categories.findFirst({
      where: and(eq(categories.workspaceId, opts.workspaceId), eq(categories.name, name), ne(categories.id, opts.id)),
    });
    if (dup) throw new KbError("CATEGORY_EXISTS", { name });
    await tx.update(categories).set({ name }).where(eq(categories.id, c.id));
    await writeAudit(tx, {
      workspaceId: opts.workspaceId,
      userId: opts.userId,
      entity: "category",
      entityId: c.id,
      action: "update",
      before: { name: c.name },
      after: { name },
    });
    return { ...c, name };
  });
}

/** Moves a category one place up or down; positions are renumbered densely. */
export async function moveCategory(db: Db, opts: { workspaceId: number; id: number; direction: "up" | "down"; userId: number | null }) {
  return db.transaction(async (tx) => {
    const list = await listCategories(tx, opts.workspaceId);
    const i = list.findIndex((c) => c.id === opts.id);
    if (i < 0) return false;
    const j = opts.direction === "up" ? i - 1 : i + 1;
    if (j < 0 || j >= list.length) return true;
    [list[i], list[j]] = [list[j], list[i]];
    for (let k = 0; k < list.length; k++) {
      if (list[k].position !== k) await tx.update(categories).set({ position: k }).where(eq(categories.id, list[k].id));
    }
    await writeAudit(tx, {
      workspaceId: opts.workspaceId,
      userId: opts.userId,
      entity: "category",
      entityId: opts.id,
      action: "reorder",
      after: { order: list.map((c) => c.name) },
    });
    return true;
  });
}

export async function deleteCategory(db: Db, opts: { workspaceId: number; id: number; userId: number | null }) {
  return db.transaction(async (tx) => {
    const c = await tx.query.categories.findFirst({ where: and(eq(categories.workspaceId, opts.workspaceId), eq(categories.id, opts.id)) });
    if (!c) return false;
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)` })
      .from(faqs)
      .where(eq(faqs.categoryId, c.id));
    if (n > 0) throw new KbError("CATEGORY_NOT_EMPTY", { name: c.name, count: n });
    await tx.delete(categories).where(eq(categories.id, c.id));
    await writeAudit(tx, {
      workspaceId: opts.workspaceId,
      userId: opts.userId,
      entity: "category",
      entityId: c.id,
      action: "delete",
      before: { name: c.name },
    });
    return true;
  });
}

/* ------------------------------------------------------------------ reading FAQs */

export interface FaqListQuery {
  workspaceId: number;
  q?: string;
  categoryId?: number;
  enabled?: boolean;
  page?: number;
  pageSize?: number;
  sort?: "updated" | "question" | "variants";
}

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * FAQs of a workspace whose question or a variant sounds like the query: its pinyin (yunfei), its
 * initials (yf, letters only) or a homophone of it (发火 finds 发货). Short queries would match
 * almost everything by sound, so the sound of a query needs at least 4 letters (2 syllables).
 */
async function soundMatches(db: Db, workspaceId: number, q: string): Promise<number[]> {
  const qs = soundKey(normalizeKey(q));
  const letters = /^[a-z]+$/i.test(q.replace(/\s+/g, ""));
  const byInitials = letters && q.replace(/\s+/g, "").length >= 2 && q.replace(/\s+/g, "").length <= 6;
  if (qs.full.length < 4 && !byInitials) return [];
  const rows = await db.select({ faqId: variants.faqId, text: variants.text }).from(variants).where(eq(variants.workspaceId, workspaceId));
  const found = new Set<number>();
  const initials = q.replace(/\s+/g, "").toLowerCase();
  for (const r of rows) {
    if (found.has(r.faqId)) continue;
    const k = soundKey(r.text);
    if ((qs.full.length >= 4 && k.full.includes(qs.full)) || (byInitials && k.initials.includes(initials))) found.add(r.faqId);
  }
  return [...found];
}

export async function listFaqs(db: Db, query: FaqListQuery) {
  const { page, pageSize, offset } = pageWindow(query);
  const conds = [eq(faqs.workspaceId, query.workspaceId)];
  if (query.categoryId) conds.push(eq(faqs.categoryId, query.categoryId));
  if (query.enabled !== undefined) conds.push(eq(faqs.enabled, query.enabled));
  const q = query.q?.trim();
  let rank: SQL | null = null;
  if (q) {
    // Chinese has no word boundaries, so search is substring over the raw text and over the
    // normalized key (so that 全角 "ＸＬ" finds "XL" and "？" finds "?").
    const raw = `%${escapeLike(q)}%`;
    const key = `%${escapeLike(normalizeKey(q))}%`;
    const match = db
      .select({ faqId: variants.faqId })
      .from(variants)
      .where(
        and(eq(variants.workspaceId, query.workspaceId), or(sql`${variants.text} like ${raw} escape '\\'`, sql`${variants.normKey} like ${key} escape '\\'`)),
      );
    const exact = or(inArray(faqs.id, match), sql`${faqs.answer} like ${raw} escape '\\'`)!;
    // As forgiving as the bot: pinyin, initials and homophone typos find the FAQ too, ranked
    // after the literal matches (issue 15 item 16).
    const sounds = await soundMatches(db, query.workspaceId, q);
    if (sounds.length) {
      conds.push(or(exact, inArray(faqs.id, sounds))!);
      rank = sql`case when ${exact} then 0 else 1 end`;
    } else conds.push(exact);
  }
  const where = and(...conds);
  const variantCount = sql<number>`(select count(*) from ${variants} where ${variants.faqId} = ${faqs.id} and ${variants.isStandard} = 0)`;
  const sorted =
    query.sort === "question" ? [asc(faqs.question)] : query.sort === "variants" ? [desc(variantCount), desc(faqs.id)] : [desc(faqs.updatedAt), desc(faqs.id)];
  const order = rank ? [asc(rank), ...sorted] : sorted;
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: faqs.id,
        question: faqs.question,
        answer: faqs.answer,
        enabled: faqs.enabled,
        categoryId: faqs.categoryId,
        categoryName: categories.name,
        variantCount,
        updatedAt: faqs.updatedAt,
        updatedBy: userDisplayName,
      })
      .from(faqs)
      .innerJoin(categories, eq(categories.id, faqs.categoryId))
      .leftJoin(users, eq(users.id, faqs.updatedBy))
      .where(where)
      .orderBy(...order)
      .limit(pageSize)
      .offset(offset),
    db
      .select({ total: sql<number>`count(*)` })
      .from(faqs)
      .where(where),
  ]);
  return { rows, total, page, pageSize };
}

export async function getFaq(db: Q, opts: { workspaceId: number; id: number }) {
  const faq = await db.query.faqs.findFirst({ where: and(eq(faqs.workspaceId, opts.workspaceId), eq(faqs.id, opts.id)) });
  if (!faq) return null;
  const [vs, rel, cat, updater] = await Promise.all([
    db
      .select({ id: variants.id, text: variants.text, isStandard: variants.isStandard })
      .from(variants)
      .where(eq(variants.faqId, faq.id))
      .orderBy(asc(variants.position), asc(variants.id)),
    db
      .select({ id: faqs.id, question: faqs.question })
      .from(faqRelations)
      .innerJoin(faqs, eq(faqs.id, faqRelations.relatedFaqId))
      .where(eq(faqRelations.faqId, faq.id))
      .orderBy(asc(faqRelations.position)),
    db.query.categories.findFirst({ where: eq(categories.id, faq.categoryId) }),
    faq.updatedBy ? db.query.users.findFirst({ where: eq(users.id, faq.updatedBy), columns: { email: true, name: true } }) : undefined,
  ]);
  return {
    ...faq,
    categoryName: cat?.name ?? "",
    variants: vs.filter((v) => !v.isStandard).map((v) => v.text),
    related: rel,
    updatedByEmail: updater?.email ?? null,
    updatedByName: updater ? updater.name || updater.email : null,
  };
}

export type FaqDetail = NonNullable<Awaited<ReturnType<typeof getFaq>>>;

/* ------------------------------------------------------------------ saving FAQs */

export interface FaqInput {
  question: string;
  answer: string;
  categoryId: number;
  variants: string[];
  keywords: string[];
  relatedIds: number[];
  enabled: boolean;
}

export interface FaqConflict {
  text: string;
  faqId: number;
  question: string;
}
export interface NearDuplicate extends FaqConflict {
  existing: string;
  similarity: number;
}

export interface CleanedVariants {
  variants: string[];
  droppedBlank: number;
  droppedDuplicates: string[];
}

/**
 * Display text as the trainer typed it, only trimmed and with runs of white space collapsed;
 * every comparison goes through normalizeKey() instead.
 */
/**
 * Every text of an FAQ as it is stored, whichever door it came through (form, import, pack,
 * label): invisible and control characters gone (cleanInput), one-line fields tidied.
 */
export function cleanFaqInput(input: FaqInput): FaqInput {
  return {
    ...input,
    question: tidyText(input.question),
    answer: cleanInput(input.answer),
    variants: input.variants.map(tidyText).filter(Boolean),
    keywords: input.keywords.map(tidyText).filter(Boolean),
  };
}

export function tidyText(s: string): string {
  return cleanInput(s)
    .replace(/[\s\u3000]+/g, " ")
    .trim();
}

/** Splits pasted text into variants: one per line; blank lines and duplicates dropped. */
export function cleanVariantLines(lines: string[], question: string): CleanedVariants {
  const seen = new Set<string>([normalizeKey(question)]);
  const out: string[] = [];
  // Only blank lines between phrasings are reported: an empty box, or the newline a textarea
  // leaves at the end, is nothing the trainer typed (issue 15 item 10: "已去掉 1 个空行" on an
  // empty 相似问法 box).
  let droppedBlank = 0;
  let pendingBlank = 0;
  const droppedDuplicates: string[] = [];
  for (const line of lines) {
    const text = tidyText(line);
    const key = text ? normalizeKey(text) : "";
    if (!key) {
      if (out.length || droppedDuplicates.length) pendingBlank++;
      continue;
    }
    droppedBlank += pendingBlank;
    pendingBlank = 0;
    if (seen.has(key)) {
      droppedDuplicates.push(text);
      continue;
    }
    seen.add(key);
    out.push(text);
  }
  return { variants: out, droppedBlank, droppedDuplicates };
}

export function splitKeywords(s: string): string[] {
  const out: string[] = [];
  for (const k of s.split(/[|,，、;；\n]+/)) {
    const t = tidyText(k);
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

export type SimilarityFn = (a: string, b: string) => number;
/** Near-duplicates of these texts among other FAQs (the engine's, when one is trained). */
export type NearDuplicateFinder = (texts: string[], excludeFaqId?: number) => Promise<{ text: string; existing: string; faqId: number; similarity: number }[]>;

/** The read-only side of a pack FAQ (issue 5): its standard question and pack variants; null for merchant FAQs. */
export async function packSide(db: Q, workspaceId: number, id: number) {
  const f = await db.query.faqs.findFirst({ where: and(eq(faqs.workspaceId, workspaceId), eq(faqs.id, id)), columns: { packId: true, question: true } });
  if (!f?.packId) return null;
  const vs = await db
    .select({ text: variants.text })
    .from(variants)
    .where(and(eq(variants.faqId, id), eq(variants.source, "pack"), eq(variants.isStandard, false)))
    .orderBy(asc(variants.position), asc(variants.id));
  return { packId: f.packId, question: f.question, variants: vs.map((v) => v.text) };
}

/** A field's problem: a code of the error table with its params (message: English, for logs and the CLI). */
export interface FieldIssue {
  code: KbErrorCode;
  params: ErrorParams;
  message: string;
}

export function fieldIssue(code: KbErrorCode, params: ErrorParams = {}): FieldIssue {
  return { code, params, message: formatError(code, params) };
}

export interface FaqCheckResult {
  fieldErrors: Partial<Record<"question" | "answer" | "categoryId" | "variants" | "keywords" | "relatedIds", FieldIssue>>;
  conflicts: FaqConflict[];
  nearDuplicates: NearDuplicate[];
}

/**
 * Validates an FAQ against the rest of the workspace: a phrasing equal after normalization to
 * a phrasing of another FAQ is an error (with that FAQ), a near-duplicate is a warning.
 */
export async function checkFaq(
  db: Q,
  opts: { workspaceId: number; id?: number; input: FaqInput; similarity?: SimilarityFn; nearThreshold?: number; nearFinder?: NearDuplicateFinder },
): Promise<FaqCheckResult> {
  const input = cleanFaqInput(opts.input);
  const result: FaqCheckResult = { fieldErrors: {}, conflicts: [], nearDuplicates: [] };
  let question = tidyText(input.question);
  // Issue 5: the standard question of a pack FAQ belongs to the pack (its variants too, which
  // writeFaq keeps whatever the input says); merchants edit answers, own variants, keywords.
  const pack = opts.id !== undefined ? await packSide(db, opts.workspaceId, opts.id) : null;
  if (pack && normalizeKey(question) !== normalizeKey(pack.question)) {
    result.fieldErrors.question = fieldIssue("FAQ_PACK_QUESTION", { question: pack.question });
    question = pack.question;
  } else if (!question) result.fieldErrors.question = fieldIssue("FAQ_QUESTION_EMPTY");
  else if (question.length > MAX_QUESTION_LENGTH) result.fieldErrors.question = fieldIssue("FAQ_QUESTION_TOO_LONG", { max: MAX_QUESTION_LENGTH });
  if (input.answer.length > MAX_ANSWER_LENGTH) result.fieldErrors.answer = fieldIssue("FAQ_ANSWER_TOO_LONG", { max: MAX_ANSWER_LENGTH });
  const long = input.variants.find((v) => v.length > MAX_VARIANT_LENGTH);
  if (long) result.fieldErrors.variants = fieldIssue("FAQ_VARIANT_TOO_LONG", { max: MAX_VARIANT_LENGTH, text: long.slice(0, 20) });
  if (input.keywords.length > MAX_KEYWORDS) result.fieldErrors.keywords = fieldIssue("FAQ_KEYWORDS_TOO_MANY", { max: MAX_KEYWORDS });
  const cat = await db.query.categories.findFirst({ where: and(eq(categories.workspaceId, opts.workspaceId), eq(categories.id, input.categoryId)) });
  if (!cat) result.fieldErrors.categoryId = fieldIssue("FAQ_CATEGORY_UNKNOWN");
  if (input.relatedIds.length > MAX_RELATED) result.fieldErrors.relatedIds = fieldIssue("FAQ_RELATED_TOO_MANY", { max: MAX_RELATED });
  else if (input.relatedIds.length) {
    if (opts.id !== undefined && input.relatedIds.includes(opts.id)) result.fieldErrors.relatedIds = fieldIssue("FAQ_RELATED_SELF");
    else {
      const found = await db
        .select({ id: faqs.id })
        .from(faqs)
        .where(and(eq(faqs.workspaceId, opts.workspaceId), inArray(faqs.id, input.relatedIds)));
      if (found.length !== new Set(input.relatedIds).size) result.fieldErrors.relatedIds = fieldIssue("FAQ_RELATED_UNKNOWN");
    }
  }

  const texts = [question, ...input.variants].filter(Boolean);
  result.conflicts = await heldElsewhere(db, { workspaceId: opts.workspaceId, faqId: opts.id, texts });
  if (result.conflicts.length && !result.fieldErrors.variants) {
    const c = result.conflicts[0];
    const field = normalizeKey(c.text) === normalizeKey(question) ? "question" : "variants";
    result.fieldErrors[field] ??= fieldIssue("FAQ_VARIANT_CONFLICT", { text: c.text, faqId: c.faqId, question: c.question });
  }

  // Near-duplicates: only against other FAQs, only as a warning.
  const sim = opts.similarity ?? bigramJaccard;
  const threshold = opts.nearThreshold ?? NEAR_DUPLICATE_THRESHOLD;
  if (texts.length && !result.conflicts.length && opts.nearFinder) {
    // The engine's own similarity (issue 3): its top lexical candidates, scored like the matcher.
    const found = await opts.nearFinder(texts, opts.id);
    const questionOf = new Map<number, string>();
    const ids = [...new Set(found.map((f) => f.faqId))];
    if (ids.length)
      for (const f of await db
        .select({ id: faqs.id, question: faqs.question })
        .from(faqs)
        .where(and(eq(faqs.workspaceId, opts.workspaceId), inArray(faqs.id, ids))))
        questionOf.set(f.id, f.question);
    result.nearDuplicates = found
      .filter((f) => questionOf.has(f.faqId))
      .map((f) => ({ text: f.text, existing: f.existing, faqId: f.faqId, question: questionOf.get(f.faqId)!, similarity: f.similarity }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, 10);
    return result;
  }
  if (texts.length && !result.conflicts.length) {
    const others = await db
      .select({ text: variants.text, faqId: variants.faqId, question: faqs.question })
      .from(variants)
      .innerJoin(faqs, eq(faqs.id, variants.faqId))
      .where(and(eq(variants.workspaceId, opts.workspaceId), opts.id !== undefined ? ne(variants.faqId, opts.id) : undefined));
    const best = new Map<string, NearDuplicate>();
    for (const t of texts) {
      for (const o of others) {
        const s = sim(t, o.text);
        if (s >= threshold) {
          const prev = best.get(t);
          if (!prev || s > prev.similarity) best.set(t, { text: t, existing: o.text, faqId: o.faqId, question: o.question, similarity: s });
        }
      }
    }
    result.nearDuplicates = [...best.values()].sort((a, b) => b.similarity - a.similarity).slice(0, 10);
  }
  return result;
}

/**
 * The one conflict rule for a phrasing another FAQ of the workspace already holds (after
 * normalization; the variants_ws_key index allows one holder): it stays where it is, and the
 * edit that wanted it reports the holder. saveFaq refuses the save, addVariants skips the
 * phrasing. A later rule ("a phrasing held by a pack question moves to the merchant's FAQ",
 * issue 10) changes this function only.
 */
export async function heldElsewhere(db: Q, opts: { workspaceId: number; faqId?: number; texts: string[] }): Promise<FaqConflict[]> {
  const keys = opts.texts.map((t) => normalizeKey(t));
  if (!keys.length) return [];
  const holders = await db
    .select({ normKey: variants.normKey, faqId: variants.faqId, question: faqs.question })
    .from(variants)
    .innerJoin(faqs, eq(faqs.id, variants.faqId))
    .where(
      and(eq(variants.workspaceId, opts.workspaceId), inArray(variants.normKey, keys), opts.faqId !== undefined ? ne(variants.faqId, opts.faqId) : undefined),
    );
  return holders.map((h) => ({ text: opts.texts[keys.indexOf(h.normKey)], faqId: h.faqId, question: h.question }));
}

export function hasErrors(r: FaqCheckResult) {
  return Object.keys(r.fieldErrors).length > 0 || r.conflicts.length > 0;
}

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
    await tx
      .update(faqs)
      .set({
        question,
        answer: input.answer,
        categoryId: input.categoryId,
        keywords: input.keywords,
        enabled: input.enabled,
        updatedAt: now,
        updatedBy: opts.userId,
      })
      .where(eq(faqs.id, id));
  } else if (opts.fresh && opts.id !== undefined) {
    id = opts.id;
    await tx
      .update(faqs)
      .set({
        question,
        answer: input.answer,
        categoryId: input.categoryId,
        keywords: input.keywords,
        enabled: input.enabled,
        updatedAt: now,
        updatedBy: opts.userId,
      })
      .where(eq(faqs.id, id));
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

/* ------------------------------------------------------------------ adding and removing variants */

/** A phrasing an edit of variants left out, and why. */
export interface SkippedVariant {
  text: string;
  reason: "conflict" | "tooLong";
  /** conflict: the FAQ that holds the phrasing. */
  faqId?: number;
  question?: string;
}

export interface VariantEdit {
  /** The FAQ's standard question. */
  question: string;
  added: string[];
  removed: string[];
  skipped: SkippedVariant[];
}

/**
 * Adds phrasings to an FAQ as merchant variants, inside the caller's transaction: the simulator's
 * "+", inbox labeling, and whoever adds variants next. Phrasings are tidied and compared
 * normalized like saveFaq's; blanks and phrasings the FAQ has are dropped silently, phrasings over
 * MAX_VARIANT_LENGTH or held by another FAQ (heldElsewhere) are skipped and reported. Only new
 * variant rows are written (the FAQ is not rebuilt), with one audit entry of the variants before
 * and after. Throws KbError FAQ_MISSING for an FAQ not in the workspace.
 */
export async function addVariants(tx: Tx, opts: { workspaceId: number; userId: number | null; faqId: number; texts: string[] }): Promise<VariantEdit> {
  const faq = await getFaq(tx, { workspaceId: opts.workspaceId, id: opts.faqId });
  if (!faq) throw new KbError("FAQ_MISSING", { faqId: opts.faqId });
  const have = new Set([faq.question, ...faq.variants].map((v) => normalizeKey(v)));
  const skipped: SkippedVariant[] = [];
  let candidates: string[] = [];
  for (const raw of opts.texts) {
    const text = tidyText(raw);
    const key = normalizeKey(text);
    if (!key || have.has(key)) continue;
    have.add(key);
    if (text.length > MAX_VARIANT_LENGTH) skipped.push({ text, reason: "tooLong" });
    else candidates.push(text);
  }
  const held = new Map((await heldElsewhere(tx, { workspaceId: opts.workspaceId, faqId: faq.id, texts: candidates })).map((c) => [normalizeKey(c.text), c]));
  candidates = candidates.filter((text) => {
    const c = held.get(normalizeKey(text));
    if (c) skipped.push({ text, reason: "conflict", faqId: c.faqId, question: c.question });
    return !c;
  });
  if (!candidates.length) return { question: faq.question, added: [], removed: [], skipped };
  const [{ last }] = await tx
    .select({ last: sql<number>`coalesce(max(${variants.position}), 0)` })
    .from(variants)
    .where(eq(variants.faqId, faq.id));
  await tx.insert(variants).values(
    candidates.map((text, i) => ({
      workspaceId: opts.workspaceId,
      faqId: faq.id,
      text,
      normKey: normalizeKey(text),
      isStandard: false,
      position: last + 1 + i,
    })),
  );
  await touchVariants(tx, opts, faq, [...faq.variants, ...candidates]);
  return { question: faq.question, added: candidates, removed: [], skipped };
}

/**
 * Removes phrasings from an FAQ's merchant variants inside the caller's transaction (undoing a
 * label; a pack's variants stay, they belong to the pack). Compared normalized; phrasings the FAQ
 * does not have are ignored. Returns the removed variants as they were written; null for an FAQ
 * that is gone.
 */
export async function removeVariants(
  tx: Tx,
  opts: { workspaceId: number; userId: number | null; faqId: number; texts: string[] },
): Promise<VariantEdit | null> {
  const faq = await getFaq(tx, { workspaceId: opts.workspaceId, id: opts.faqId });
  if (!faq) return null;
  const keys = [...new Set(opts.texts.map((t) => normalizeKey(t)).filter(Boolean))];
  const rows = keys.length
    ? await tx
        .select({ id: variants.id, text: variants.text })
        .from(variants)
        .where(and(eq(variants.faqId, faq.id), inArray(variants.normKey, keys), eq(variants.isStandard, false), eq(variants.source, "merchant")))
    : [];
  if (!rows.length) return { question: faq.question, added: [], removed: [], skipped: [] };
  await tx.delete(variants).where(
    inArray(
      variants.id,
      rows.map((r) => r.id),
    ),
  );
  const gone = new Set(rows.map((r) => r.text));
  await touchVariants(
    tx,
    opts,
    faq,
    faq.variants.filter((v) => !gone.has(v)),
  );
  return { question: faq.question, added: [], removed: faq.variants.filter((v) => gone.has(v)), skipped: [] };
}

/** The FAQ's "last changed" and one audit entry for a change of its variants. */
async function touchVariants(tx: Tx, opts: { workspaceId: number; userId: number | null }, faq: FaqDetail, after: string[]) {
  await tx.update(faqs).set({ updatedAt: Date.now(), updatedBy: opts.userId }).where(eq(faqs.id, faq.id));
  await writeAudit(tx, {
    workspaceId: opts.workspaceId,
    userId: opts.userId,
    entity: "faq",
    entityId: faq.id,
    action: "update",
    summary: faq.question,
    before: { variants: faq.variants },
    after: { variants: after },
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

/** FAQs by title for pickers (related FAQs, "add as variant of"). */
export async function searchFaqTitles(db: Db, opts: { workspaceId: number; q: string; limit?: number; excludeId?: number }) {
  const q = opts.q.trim();
  return db
    .select({ id: faqs.id, question: faqs.question })
    .from(faqs)
    .where(
      and(
        eq(faqs.workspaceId, opts.workspaceId),
        q ? like(faqs.question, `%${escapeLike(q)}%`) : undefined,
        opts.excludeId !== undefined ? ne(faqs.id, opts.excludeId) : undefined,
      ),
    )
    .orderBy(asc(faqs.question))
    .limit(opts.limit ?? 20);
}

/** Everything the engine and the exporter need, in one read. */
export async function loadKnowledgeBase(db: Q, workspaceId: number) {
  const [fs, vs, rels, cats] = await Promise.all([
    db.select().from(faqs).where(eq(faqs.workspaceId, workspaceId)).orderBy(asc(faqs.id)),
    db
      .select({ faqId: variants.faqId, id: variants.id, text: variants.text, isStandard: variants.isStandard, position: variants.position })
      .from(variants)
      .where(eq(variants.workspaceId, workspaceId))
      .orderBy(asc(variants.faqId), asc(variants.position), asc(variants.id)),
    db
      .select({ faqId: faqRelations.faqId, relatedFaqId: faqRelations.relatedFaqId, position: faqRelations.position })
      .from(faqRelations)
      .innerJoin(faqs, eq(faqs.id, faqRelations.faqId))
      .where(eq(faqs.workspaceId, workspaceId))
      .orderBy(asc(faqRelations.faqId), asc(faqRelations.position)),
    listCategories(db, workspaceId),
  ]);
  const byFaq = new Map<number, { id: number; text: string; isStandard: boolean }[]>();
  for (const v of vs) {
    let list = byFaq.get(v.faqId);
    if (!list) byFaq.set(v.faqId, (list = []));
    list.push(v);
  }
  const relByFaq = new Map<number, number[]>();
  for (const r of rels) {
    let list = relByFaq.get(r.faqId);
    if (!list) relByFaq.set(r.faqId, (list = []));
    list.push(r.relatedFaqId);
  }
  const catName = new Map(cats.map((c) => [c.id, c.name]));
  const catPos = new Map(cats.map((c) => [c.id, c.position]));
  return {
    categories: cats,
    faqs: fs
      .map((f) => ({
        id: f.id,
        question: f.question,
        answer: f.answer,
        categoryId: f.categoryId,
        categoryName: catName.get(f.categoryId) ?? "",
        categoryPosition: catPos.get(f.categoryId) ?? 0,
        keywords: f.keywords,
        enabled: f.enabled,
        packId: f.packId,
        shadowedBy: f.shadowedBy,
        variants: (byFaq.get(f.id) ?? []).filter((v) => !v.isStandard),
        relatedIds: relByFaq.get(f.id) ?? [],
      }))
      .sort((a, b) => a.categoryPosition - b.categoryPosition || a.id - b.id),
  };
}
