/**
 * What a run report shows beyond pass/fail per case (issue 11 "Reports"): pass rate by tag, the
 * decision confusion matrix (expected × actual), the FAQs most often confused with each other, and
 * the run-over-run trend of a suite. Plain functions over stored run turns, plus one trend query.
 */
import { and, desc, eq } from "drizzle-orm";

import { SUITE_DECISIONS, type SuiteDecision } from "../../../training/suites/check";
import type { Db } from "../../client";
import { suiteRuns } from "../../schema";
import type { CaseOutcome, SuiteRunTurnRow } from "./index";

export interface TagRate {
  tag: string;
  cases: number;
  passed: number;
  rate: number;
}

const rate = (passed: number, total: number) => (total ? Math.round((passed / total) * 10000) / 10000 : 0);

/** Cases per group, a case counting in each of its groups; worst first. */
function passByGroup(cases: CaseOutcome[], groupsOf: (c: CaseOutcome) => string[]): TagRate[] {
  const m = new Map<string, { cases: number; passed: number }>();
  for (const c of cases) {
    for (const tag of new Set(groupsOf(c))) {
      const r = m.get(tag) ?? { cases: 0, passed: 0 };
      r.cases++;
      if (c.passed) r.passed++;
      m.set(tag, r);
    }
  }
  return [...m.entries()].map(([tag, r]) => ({ tag, ...r, rate: rate(r.passed, r.cases) })).sort((a, b) => a.rate - b.rate || b.cases - a.cases);
}

/** Cases per tag (an untagged case counts under ""), sorted worst first. */
export const passByTag = (cases: CaseOutcome[]) => passByGroup(cases, (c) => (c.tags.length ? c.tags : [""]));

/** The FAQ category a case row counts under when none of its turns names a known FAQ. */
export const NO_FAQ_CATEGORY = "";
/** ... and when a turn names an FAQ the knowledge base does not have (renamed or deleted). */
export const UNKNOWN_FAQ_CATEGORY = "\u0000unknown";

/**
 * Cases per FAQ category: the categories of the FAQs its turns expect (as the answer or in the
 * clarify list), worst first; a case expecting no FAQ counts under NO_FAQ_CATEGORY.
 */
export function passByCategory(cases: CaseOutcome[], categoryOf: (question: string) => string | null): TagRate[] {
  return passByGroup(cases, (c) => {
    const named = c.turns.flatMap((t) => [t.expect.faq, t.expect.clarifyContains].filter((q): q is string => !!q));
    return named.length ? named.map((q) => categoryOf(q) ?? UNKNOWN_FAQ_CATEGORY) : [NO_FAQ_CATEGORY];
  });
}

/**
 * Expected decision × actual decision over the turns that expect a decision; a turn whose target
 * errored has no actual decision and is counted under "error".
 */
export function decisionMatrix(turns: SuiteRunTurnRow[]) {
  const actuals = [...SUITE_DECISIONS, "error"] as const;
  const cells: Record<string, Record<string, number>> = {};
  for (const e of SUITE_DECISIONS) cells[e] = Object.fromEntries(actuals.map((a) => [a, 0]));
  let total = 0;
  for (const t of turns) {
    const e = t.expect.decision as SuiteDecision | undefined;
    if (!e) continue;
    cells[e][t.actual?.decision ?? "error"]++;
    total++;
  }
  return { expected: SUITE_DECISIONS, actual: actuals, cells, total };
}

/** Expected FAQ → answered FAQ pairs among failed FAQ expectations, most frequent first. */
export function confusedFaqs(turns: SuiteRunTurnRow[], limit = 10) {
  const m = new Map<string, { expected: string; actual: string; count: number }>();
  for (const t of turns) {
    const f = t.failures.find((x) => x.field === "faq");
    if (!f || !t.actual?.faq) continue;
    const key = `${f.expected}\u0000${t.actual.faq}`;
    const r = m.get(key) ?? { expected: String(f.expected), actual: t.actual.faq, count: 0 };
    r.count++;
    m.set(key, r);
  }
  return [...m.values()].sort((a, b) => b.count - a.count).slice(0, limit);
}

/** The suite's finished runs up to and including `uptoRunId`, oldest first (the trend chart). */
export async function runTrend(db: Db, opts: { workspaceId: number; suiteId: number; limit?: number }) {
  const rows = await db
    .select({
      id: suiteRuns.id,
      createdAt: suiteRuns.createdAt,
      cases: suiteRuns.cases,
      casesPassed: suiteRuns.casesPassed,
      turns: suiteRuns.turns,
      turnsPassed: suiteRuns.turnsPassed,
      version: suiteRuns.version,
    })
    .from(suiteRuns)
    .where(and(eq(suiteRuns.workspaceId, opts.workspaceId), eq(suiteRuns.suiteId, opts.suiteId), eq(suiteRuns.status, "done")))
    .orderBy(desc(suiteRuns.id))
    .limit(opts.limit ?? 30);
  return rows.reverse().map((r) => ({ ...r, rate: rate(r.casesPassed, r.cases) }));
}
