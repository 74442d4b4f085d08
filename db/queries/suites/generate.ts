/**
 * Generated suite cases (issue 11 "Generation"):
 * - from the knowledge base, a baseline that every FAQ still answers its own phrasings: for each
 *   FAQ the bot answers (own FAQs and pack questions alike, as the engine input decides: enabled,
 *   answered, not shadowed), its standard question and its first N variants, each a single-turn
 *   case expecting decision answer with that FAQ;
 * - from the inbox labels (labeledQuestions, the same reading that calibrates the thresholds):
 *   each labeled customer turn a case with the labeled outcome — the FAQ it should answer with, or
 *   no_answer for chit-chat.
 * Cases are named by their phrasing under a fixed prefix, so generating again replaces them by name
 * (idempotent) and removes the generated cases whose FAQ or label is gone; cases written by hand are
 * never touched. One transaction, written in bulk: a 2,000-FAQ shop takes a few seconds.
 */
import crypto from "node:crypto";

import { and, eq, inArray, sql } from "drizzle-orm";

import { KbError } from "../../../training/errors";
import { normalizeKey } from "../../../training/normalize";
import { DEFAULT_BASELINE_VARIANTS, MAX_BASELINE_VARIANTS } from "../../../training/suites/limits";
import type { Db } from "../../client";
import { suiteCases, suites, suiteTurns } from "../../schema";
import { type BotContent, labeledQuestions, loadBotContent } from "../bot-content";
import { engineInputFromContent } from "../engine-input";
import { type CaseInput, cleanCase, MAX_CASE_NAME, MAX_TURN_TEXT } from "./index";

export const BASELINE_TAG = "基线";
export const LABELS_TAG = "日志标注";
export const PACK_TAG = "行业包";
export const CHITCHAT_TAG = "闲聊";
/** Case names of generated cases start with these; only such cases are replaced or removed. */
export const BASELINE_PREFIX = "基线：";
export const LABELS_PREFIX = "日志标注：";
export { DEFAULT_BASELINE_VARIANTS, MAX_BASELINE_VARIANTS };

export type GenerateSource = "kb" | "labels";

export interface GenerateReport {
  /** Cases the source yields (after merging repeated phrasings). */
  cases: number;
  created: number;
  replaced: number;
  /** Generated cases of an earlier run whose FAQ, variant or label is gone. */
  removed: number;
  /** Labels (or phrasings) that cannot become a case: their FAQ is no longer answered, or the text is too long. */
  skipped: number;
}

/** A case name from a prefix and a phrasing, unique within one generation. */
function namer(prefix: string) {
  const used = new Set<string>();
  return (text: string, disambiguate: string) => {
    const cut = (s: string, room: number) => (s.length > room ? `${s.slice(0, room - 1)}…` : s);
    let name = prefix + cut(text, MAX_CASE_NAME - prefix.length);
    if (used.has(name)) name = prefix + cut(text, MAX_CASE_NAME - prefix.length - disambiguate.length) + disambiguate;
    used.add(name);
    return name;
  };
}

/** The FAQs the bot answers, by id, with what a case needs of them. */
function answeredFaqs(content: BotContent) {
  const { answers } = engineInputFromContent(content);
  return new Map(content.faqs.filter((f) => answers.has(f.id)).map((f) => [f.id, f]));
}

/** Baseline cases: each answered FAQ's standard question and first `variants` variants. Plain data in and out. */
export function baselineCases(content: BotContent, variants: number): { cases: CaseInput[]; skipped: number } {
  const n = Math.max(0, Math.min(MAX_BASELINE_VARIANTS, Math.floor(variants)));
  const name = namer(BASELINE_PREFIX);
  const seen = new Set<string>();
  const cases: CaseInput[] = [];
  let skipped = 0;
  for (const f of answeredFaqs(content).values()) {
    const tags = [BASELINE_TAG, f.categoryName, f.packId ? PACK_TAG : ""].filter(Boolean);
    const phrasings = [f.question, ...f.variants.slice(0, n)];
    phrasings.forEach((text, k) => {
      const key = normalizeKey(text);
      // A phrasing twice (a variant equal to its question once normalized) is one case.
      if (!key || seen.has(`${f.id}:${key}`)) return;
      seen.add(`${f.id}:${key}`);
      if (text.length > MAX_TURN_TEXT) return void skipped++;
      cases.push(
        cleanCase({
          name: name(text, `（#${f.id}-${k}）`),
          tags,
          note: `由知识库生成：问题 #${f.id}${k ? ` 的第 ${k} 个相似问法` : " 的标准问题"}`,
          turns: [{ text, expect: { decision: "answer", faq: f.question } }],
        }),
      );
    });
  }
  return { cases, skipped };
}

/**
 * Label cases: the newest label of each customer text wins (a relabel corrects the first). A label
 * naming a shadowed pack question expects the FAQ that answers it now; one naming an FAQ the bot no
 * longer answers (deleted, disabled) is skipped.
 */
export function labelCases(content: BotContent, labeled: { text: string; faqId: number | null }[]): { cases: CaseInput[]; skipped: number } {
  const answered = answeredFaqs(content);
  const byId = new Map(content.faqs.map((f) => [f.id, f]));
  const name = namer(LABELS_PREFIX);
  const seen = new Set<string>();
  const cases: CaseInput[] = [];
  let skipped = 0;
  for (const l of labeled) {
    const text = l.text.trim();
    const key = normalizeKey(text);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    let faq = l.faqId === null ? null : byId.get(l.faqId);
    if (faq?.shadowedBy) faq = byId.get(faq.shadowedBy);
    if ((l.faqId !== null && (!faq || !answered.has(faq.id))) || text.length > MAX_TURN_TEXT) {
      skipped++;
      continue;
    }
    cases.push(
      cleanCase({
        // Stable across runs: the same text gets the same name, so regenerating replaces it.
        name: name(text, `（${crypto.createHash("sha1").update(key).digest("hex").slice(0, 6)}）`),
        tags: [LABELS_TAG, faq ? faq.categoryName : CHITCHAT_TAG].filter(Boolean),
        note: faq ? `由日志标注生成：应回答问题 #${faq.id}` : "由日志标注生成：闲聊，不应回答",
        turns: [{ text, expect: faq ? { decision: "answer", faq: faq.question } : { decision: "no_answer" } }],
      }),
    );
  }
  return { cases, skipped };
}

const CHUNK = 400;
function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

/**
 * Writes generated cases into a suite in one transaction: a case of the same name is replaced (its
 * id and position kept, so run reports still link to it), a new one appended, and an earlier
 * generated case (same prefix and marker tag) that this generation no longer yields removed.
 */
export async function writeGeneratedCases(db: Db, opts: { suiteId: number; prefix: string; tag: string; cases: CaseInput[] }) {
  return db.transaction(async (tx) => {
    const existing = await tx
      .select({ id: suiteCases.id, name: suiteCases.name, tags: suiteCases.tags })
      .from(suiteCases)
      .where(eq(suiteCases.suiteId, opts.suiteId));
    const byName = new Map(existing.map((c) => [c.name, c]));
    const wanted = new Set(opts.cases.map((c) => c.name));
    const stale = existing.filter((c) => c.name.startsWith(opts.prefix) && c.tags.includes(opts.tag) && !wanted.has(c.name)).map((c) => c.id);
    for (const ids of chunks(stale)) await tx.delete(suiteCases).where(inArray(suiteCases.id, ids));

    const now = Date.now();
    const replaced = opts.cases.filter((c) => byName.has(c.name));
    for (const c of replaced)
      await tx
        .update(suiteCases)
        .set({ tags: c.tags, note: c.note ?? "", updatedAt: now })
        .where(eq(suiteCases.id, byName.get(c.name)!.id));
    for (const ids of chunks(replaced.map((c) => byName.get(c.name)!.id))) await tx.delete(suiteTurns).where(inArray(suiteTurns.caseId, ids));

    const created = opts.cases.filter((c) => !byName.has(c.name));
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${suiteCases.position}), -1) + 1` })
      .from(suiteCases)
      .where(eq(suiteCases.suiteId, opts.suiteId));
    const idOf = new Map(replaced.map((c) => [c.name, byName.get(c.name)!.id]));
    let position = next;
    for (const part of chunks(created)) {
      const rows = await tx
        .insert(suiteCases)
        .values(part.map((c) => ({ suiteId: opts.suiteId, name: c.name, tags: c.tags, note: c.note ?? "", position: position++ })))
        .returning({ id: suiteCases.id, name: suiteCases.name });
      for (const r of rows) idOf.set(r.name, r.id);
    }
    const turns = opts.cases.flatMap((c) => c.turns.map((t, i) => ({ caseId: idOf.get(c.name)!, position: i + 1, text: t.text, expect: t.expect })));
    for (const part of chunks(turns)) await tx.insert(suiteTurns).values(part);
    await tx.update(suites).set({ updatedAt: now }).where(eq(suites.id, opts.suiteId));
    return { cases: opts.cases.length, created: created.length, replaced: replaced.length, removed: stale.length };
  });
}

/** Generates a suite's cases from the workspace's knowledge base or its inbox labels. */
export async function generateSuiteCases(
  db: Db,
  opts: { workspaceId: number; suiteId: number; from: GenerateSource; variants?: number },
): Promise<GenerateReport> {
  const [suite] = await db
    .select({ id: suites.id })
    .from(suites)
    .where(and(eq(suites.workspaceId, opts.workspaceId), eq(suites.id, opts.suiteId)));
  if (!suite) throw new KbError("NOT_FOUND", { what: "suite" });
  const content = await loadBotContent(db, opts.workspaceId);
  const { cases, skipped } =
    opts.from === "kb"
      ? baselineCases(content, opts.variants ?? DEFAULT_BASELINE_VARIANTS)
      : labelCases(content, await labeledQuestions(db, opts.workspaceId, 20000, 1));
  const written = await writeGeneratedCases(db, {
    suiteId: suite.id,
    prefix: opts.from === "kb" ? BASELINE_PREFIX : LABELS_PREFIX,
    tag: opts.from === "kb" ? BASELINE_TAG : LABELS_TAG,
    cases,
  });
  return { ...written, skipped };
}
