/**
 * Suite coverage (issue 11 "Generation"): which FAQs and pack questions no case of any suite of the
 * workspace reaches (no turn expects it as its FAQ or among the clarify suggestions), and which are
 * reached only by their own phrasings — every reaching turn says the standard question or one of its
 * variants, so only the generated baseline (or a copy of it) tests them, never a customer's words.
 * FAQs are matched by their normalized standard question, as the checker does (training/suites/check.ts).
 */
import { eq } from "drizzle-orm";

import { normalizeKey } from "../../../training/normalize";
import type { Db } from "../../client";
import { suiteCases, suites, suiteTurns } from "../../schema";
import { loadBotContent } from "../bot-content";
import { engineInputFromContent } from "../engine-input";

export type CoverageStatus = "none" | "self" | "covered";

export interface CoverageRow {
  id: number;
  question: string;
  category: string;
  pack: boolean;
  status: CoverageStatus;
  /** Cases with a turn that reaches the FAQ. */
  cases: number;
}

/** Every FAQ the bot answers with its coverage, plain data (the route pages and searches it). */
export async function suiteCoverage(db: Db, workspaceId: number): Promise<{ rows: CoverageRow[]; suiteCases: number }> {
  const content = await loadBotContent(db, workspaceId);
  const { answers } = engineInputFromContent(content);
  const turns = await db
    .select({ caseId: suiteTurns.caseId, text: suiteTurns.text, expect: suiteTurns.expect })
    .from(suiteTurns)
    .innerJoin(suiteCases, eq(suiteCases.id, suiteTurns.caseId))
    .innerJoin(suites, eq(suites.id, suiteCases.suiteId))
    .where(eq(suites.workspaceId, workspaceId));
  // Standard question (normalized) → the turns that reach it.
  const reaching = new Map<string, { caseId: number; text: string }[]>();
  for (const t of turns)
    for (const q of new Set([t.expect.faq, t.expect.clarifyContains].filter((x): x is string => !!x).map(normalizeKey))) {
      const list = reaching.get(q) ?? [];
      list.push({ caseId: t.caseId, text: normalizeKey(t.text) });
      reaching.set(q, list);
    }
  const rows: CoverageRow[] = [];
  for (const f of content.faqs) {
    if (!answers.has(f.id)) continue;
    const hits = reaching.get(normalizeKey(f.question)) ?? [];
    const own = new Set([f.question, ...f.variants].map(normalizeKey));
    const status: CoverageStatus = !hits.length ? "none" : hits.every((h) => own.has(h.text)) ? "self" : "covered";
    rows.push({ id: f.id, question: f.question, category: f.categoryName, pack: !!f.packId, status, cases: new Set(hits.map((h) => h.caseId)).size });
  }
  return { rows, suiteCases: new Set(turns.map((t) => t.caseId)).size };
}
