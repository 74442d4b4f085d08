/**
 * Running a suite (issue 11): every case in its own session, each turn decided and checked, the
 * results stored per turn and the run's totals kept up to date. The decision is passed in, so the
 * same runner serves the workspace's bot (app/models/suites.server.ts) and, later, other targets.
 */
import { eq } from "drizzle-orm";

import { type ErrorParams, KbError, toErrorInfo } from "../../../training/errors";
import type { SessionTurn } from "../../../training/policy";
import { checkTurn, type TurnActual } from "../../../training/suites/check";
import type { Db } from "../../client";
import { suiteRunTurns } from "../../schema";
import { caseOutcomes, compareRuns, getRun, insertRunTurns, listCases, previousRun, runTurns, updateRun } from "./index";

/** One decision of the target: what the checker reads, plus the history turn it leaves. */
export type SuiteDecider = (text: string, history: SessionTurn[]) => Promise<{ actual: TurnActual; turn: SessionTurn; latencyMs: number }>;

const cleanParams = (p: ErrorParams) =>
  Object.fromEntries(Object.entries(p).filter((e): e is [string, string | number | boolean | null] => e[1] !== undefined));

export interface RunSummary {
  runId: number;
  suite: string;
  cases: number;
  casesPassed: number;
  turns: number;
  passed: number;
  failed: number;
  passRate: number;
  newFailures: string[];
  fixed: string[];
  durationMs: number;
}

export async function executeRun(
  db: Db,
  opts: {
    workspaceId: number;
    runId: number;
    suiteName: string;
    decide: SuiteDecider;
    progress?: (done: number, total: number) => void;
    throwIfCancelled?: () => void;
  },
): Promise<RunSummary> {
  const run = await getRun(db, opts.workspaceId, opts.runId);
  if (!run) throw new KbError("NOT_FOUND", { what: "run" });
  const cases = await listCases(db, run.suiteId);
  if (!cases.length) throw new KbError("SUITE_EMPTY", { name: opts.suiteName });
  const total = cases.reduce((n, c) => n + c.turns.length, 0);
  const t0 = performance.now();
  await updateRun(db, run.id, { status: "running", cases: cases.length, turns: total });
  // A rerun of the same job (after a crash) starts clean rather than doubling rows.
  await db.delete(suiteRunTurns).where(eq(suiteRunTurns.runId, run.id));
  let done = 0;
  let turnsPassed = 0;
  let casesPassed = 0;
  let buffer: (typeof suiteRunTurns.$inferInsert)[] = [];
  for (const c of cases) {
    opts.throwIfCancelled?.();
    const history: SessionTurn[] = [];
    let casePassed = true;
    for (const t of c.turns) {
      let actual: TurnActual | null = null;
      let failures;
      let latencyMs = 0;
      try {
        const r = await opts.decide(t.text, history);
        actual = r.actual;
        latencyMs = r.latencyMs;
        history.push(r.turn);
        failures = checkTurn(t.expect, actual);
      } catch (e) {
        // One broken turn is a failed turn with a readable reason; the run goes on.
        // Code and parameters, not a sentence: the report words it in the reader's language.
        const info = toErrorInfo(e);
        failures = [{ field: "error" as const, expected: null, actual: info.code, params: cleanParams(info.params) }];
      }
      const passed = failures.length === 0;
      if (passed) turnsPassed++;
      else casePassed = false;
      buffer.push({
        runId: run.id,
        caseId: c.id,
        caseName: c.name,
        tags: c.tags,
        position: t.position,
        text: t.text,
        expect: t.expect,
        actual,
        passed,
        failures,
        latencyMs,
      });
      done++;
    }
    if (casePassed) casesPassed++;
    if (buffer.length >= 500) {
      await insertRunTurns(db, buffer);
      buffer = [];
      opts.progress?.(done, total);
    }
  }
  await insertRunTurns(db, buffer);
  opts.progress?.(done, total);
  const durationMs = Math.round(performance.now() - t0);
  await updateRun(db, run.id, { status: "done", casesPassed, turnsPassed, durationMs, finishedAt: Date.now() });
  const prev = await previousRun(db, run);
  const diff = compareRuns(caseOutcomes(await runTurns(db, run.id)), prev ? caseOutcomes(await runTurns(db, prev.id)) : null);
  return {
    runId: run.id,
    suite: opts.suiteName,
    cases: cases.length,
    casesPassed,
    turns: total,
    passed: turnsPassed,
    failed: total - turnsPassed,
    passRate: cases.length ? Math.round((casesPassed / cases.length) * 10000) / 10000 : 0,
    newFailures: diff.newFailures,
    fixed: diff.fixed,
    durationMs,
  };
}
