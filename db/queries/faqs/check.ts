/**
 * Checking an FAQ before it is saved: cleaning the input, field errors in the one error table,
 * conflicts (a phrasing another FAQ holds) and near-duplicates.
 */
import { and, asc, eq, inArray, ne } from "drizzle-orm";

import { type ErrorParams, formatError, type KbErrorCode } from "../../../training/errors";
import { bigramJaccard, NEAR_DUPLICATE_THRESHOLD } from "../../../training/near-duplicate";
import { cleanInput, normalizeKey } from "../../../training/normalize";
import { categories, faqs, variants } from "../../schema";
import { MAX_ANSWER_LENGTH, MAX_KEYWORDS, MAX_QUESTION_LENGTH, MAX_RELATED, MAX_VARIANT_LENGTH, type Q } from "./shared";

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
