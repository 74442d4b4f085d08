/**
 * Scenario test suites (issue 11): suites, their cases and turns, and stored runs with one result
 * per turn. Shared by the app (app/models/suites.server.ts), the CLI and the seed.
 */
import { and, asc, desc, eq, inArray, lt, sql } from "drizzle-orm";

import { KbError } from "../../../training/errors";
import { cleanInput } from "../../../training/normalize";
import { SUITE_DECISIONS, TRANSFER_REASONS, type TurnExpect } from "../../../training/suites/check";
import type { Db } from "../../client";
import { suiteCases, suiteRuns, suiteRunTurns, suites, suiteTurns } from "../../schema";
import { pageWindow } from "../paging";

export const MAX_SUITE_NAME = 60;
export const MAX_CASE_NAME = 100;
export const MAX_TURN_TEXT = 500;
export const MAX_TURNS_PER_CASE = 30;
export const MAX_TAGS = 10;

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Q = Db | Tx;

export interface CaseInput {
  name: string;
  tags: string[];
  note?: string;
  turns: { text: string; expect: TurnExpect }[];
}

function cleanName(raw: string, max: number) {
  const name = cleanInput(raw ?? "").trim();
  if (!name) throw new KbError("SUITE_NAME_EMPTY", {});
  if (name.length > max) throw new KbError("SUITE_NAME_TOO_LONG", { max });
  return name;
}

/** Drops empty fields and refuses values the checker cannot understand. */
export function cleanExpect(e: TurnExpect): TurnExpect {
  const out: TurnExpect = {};
  if (e.decision) {
    if (!(SUITE_DECISIONS as readonly string[]).includes(e.decision)) throw new KbError("SUITE_DECISION_UNKNOWN", { value: e.decision });
    out.decision = e.decision;
  }
  if (e.reason) {
    if (!(TRANSFER_REASONS as readonly string[]).includes(e.reason)) throw new KbError("SUITE_REASON_UNKNOWN", { value: e.reason });
    out.reason = e.reason;
  }
  for (const k of ["faq", "clarifyContains", "contains", "notContains"] as const) {
    const v = cleanInput(e[k] ?? "").trim();
    if (v.length > MAX_TURN_TEXT) throw new KbError("SUITE_TEXT_TOO_LONG", { max: MAX_TURN_TEXT });
    if (v) out[k] = v;
  }
  if (e.minConfidence !== undefined && e.minConfidence !== null && `${e.minConfidence}` !== "") {
    const n = Number(e.minConfidence);
    if (!Number.isFinite(n) || n < 0 || n > 1) throw new KbError("SUITE_CONFIDENCE_INVALID", { value: String(e.minConfidence) });
    out.minConfidence = n;
  }
  return out;
}

export function cleanCase(input: CaseInput): CaseInput {
  const name = cleanName(input.name, MAX_CASE_NAME);
  const tags = [...new Set((input.tags ?? []).map((t) => cleanInput(t).trim()).filter(Boolean))];
  if (tags.length > MAX_TAGS) throw new KbError("SUITE_TOO_MANY", { max: MAX_TAGS, what: "tags" });
  const turns = (input.turns ?? []).map((t) => {
    const text = cleanInput(t.text ?? "").trim();
    if (!text) throw new KbError("SUITE_TEXT_EMPTY", {});
    if (text.length > MAX_TURN_TEXT) throw new KbError("SUITE_TEXT_TOO_LONG", { max: MAX_TURN_TEXT });
    return { text, expect: cleanExpect(t.expect ?? {}) };
  });
  if (!turns.length) throw new KbError("SUITE_CASE_NO_TURNS", {});
  if (turns.length > MAX_TURNS_PER_CASE) throw new KbError("SUITE_TOO_MANY", { max: MAX_TURNS_PER_CASE, what: "turns" });
  return { name, tags, note: cleanInput(input.note ?? "").trim(), turns };
}

/* ------------------------------------------------------------------ suites */

export async function createSuite(db: Q, opts: { workspaceId: number; name: string; description?: string; userId?: number | null }) {
  const name = cleanName(opts.name, MAX_SUITE_NAME);
  if (await findSuiteByName(db, opts.workspaceId, name)) throw new KbError("SUITE_EXISTS", { name });
  const [row] = await db
    .insert(suites)
    .values({ workspaceId: opts.workspaceId, name, description: (opts.description ?? "").trim(), updatedBy: opts.userId ?? null })
    .returning({ id: suites.id });
  return row.id;
}

export async function findSuiteByName(db: Q, workspaceId: number, name: string) {
  const [row] = await db
    .select()
    .from(suites)
    .where(and(eq(suites.workspaceId, workspaceId), eq(suites.name, name.trim())));
  return row ?? null;
}

export async function getSuite(db: Q, workspaceId: number, id: number) {
  const [row] = await db
    .select()
    .from(suites)
    .where(and(eq(suites.workspaceId, workspaceId), eq(suites.id, id)));
  return row ?? null;
}

export async function renameSuite(db: Q, opts: { workspaceId: number; id: number; name: string; description?: string }) {
  const name = cleanName(opts.name, MAX_SUITE_NAME);
  const other = await findSuiteByName(db, opts.workspaceId, name);
  if (other && other.id !== opts.id) throw new KbError("SUITE_EXISTS", { name });
  await db
    .update(suites)
    .set({ name, ...(opts.description !== undefined ? { description: opts.description.trim() } : {}), updatedAt: Date.now() })
    .where(and(eq(suites.workspaceId, opts.workspaceId), eq(suites.id, opts.id)));
}

export async function deleteSuite(db: Q, workspaceId: number, id: number) {
  await db.delete(suites).where(and(eq(suites.workspaceId, workspaceId), eq(suites.id, id)));
}

/** The QA home: every suite with its size and its latest run. */
export async function listSuites(db: Db, opts: { workspaceId: number; page?: number; pageSize?: number }) {
  const { page, pageSize, offset } = pageWindow(opts);
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)` })
    .from(suites)
    .where(eq(suites.workspaceId, opts.workspaceId));
  const rows = await db
    .select({
      id: suites.id,
      name: suites.name,
      description: suites.description,
      updatedAt: suites.updatedAt,
      // Qualified by hand: drizzle leaves a one-table select's columns unqualified, and a bare
      // "id" inside the subquery would mean the subquery's own table.
      cases: sql<number>`(select count(*) from suite_cases c where c.suite_id = "suites"."id")`,
      turns: sql<number>`(select count(*) from suite_turns t join suite_cases c on c.id = t.case_id where c.suite_id = "suites"."id")`,
    })
    .from(suites)
    .where(eq(suites.workspaceId, opts.workspaceId))
    .orderBy(asc(suites.name))
    .limit(pageSize)
    .offset(offset);
  const last = await latestRuns(
    db,
    rows.map((r) => r.id),
  );
  return { total, page, pageSize, rows: rows.map((r) => ({ ...r, lastRun: last.get(r.id) ?? null })) };
}

async function latestRuns(db: Db, suiteIds: number[]) {
  const out = new Map<number, typeof suiteRuns.$inferSelect>();
  if (!suiteIds.length) return out;
  const runs = await db
    .select()
    .from(suiteRuns)
    .where(
      and(inArray(suiteRuns.suiteId, suiteIds), sql`"suite_runs"."id" = (select max(r2.id) from suite_runs r2 where r2.suite_id = "suite_runs"."suite_id")`),
    );
  for (const r of runs) out.set(r.suiteId, r);
  return out;
}

/* ------------------------------------------------------------------ cases */

export interface SuiteCase {
  id: number;
  name: string;
  tags: string[];
  note: string;
  position: number;
  turns: { id: number; position: number; text: string; expect: TurnExpect }[];
}

export async function listCases(db: Q, suiteId: number): Promise<SuiteCase[]> {
  const cases = await db.select().from(suiteCases).where(eq(suiteCases.suiteId, suiteId)).orderBy(asc(suiteCases.position), asc(suiteCases.id));
  if (!cases.length) return [];
  const turns = await db
    .select()
    .from(suiteTurns)
    .where(
      inArray(
        suiteTurns.caseId,
        cases.map((c) => c.id),
      ),
    )
    .orderBy(asc(suiteTurns.caseId), asc(suiteTurns.position));
  const byCase = new Map<number, SuiteCase["turns"]>();
  for (const t of turns) {
    const list = byCase.get(t.caseId) ?? [];
    list.push({ id: t.id, position: t.position, text: t.text, expect: t.expect });
    byCase.set(t.caseId, list);
  }
  return cases.map((c) => ({ id: c.id, name: c.name, tags: c.tags, note: c.note, position: c.position, turns: byCase.get(c.id) ?? [] }));
}

/** Creates (caseId absent) or replaces a case with its turns, in one transaction. */
export async function saveCase(db: Db, opts: { suiteId: number; caseId?: number | null; input: CaseInput }) {
  return db.transaction(async (tx) => saveCaseIn(tx, opts));
}

/** saveCase inside a caller's transaction (the import writes many cases in one). */
export async function saveCaseIn(tx: Q, opts: { suiteId: number; caseId?: number | null; input: CaseInput }) {
  const input = cleanCase(opts.input);
  const [clash] = await tx
    .select({ id: suiteCases.id })
    .from(suiteCases)
    .where(and(eq(suiteCases.suiteId, opts.suiteId), eq(suiteCases.name, input.name)));
  if (clash && clash.id !== opts.caseId) throw new KbError("SUITE_CASE_EXISTS", { name: input.name });
  let id = opts.caseId ?? null;
  if (id) {
    const done = await tx
      .update(suiteCases)
      .set({ name: input.name, tags: input.tags, note: input.note ?? "", updatedAt: Date.now() })
      .where(and(eq(suiteCases.suiteId, opts.suiteId), eq(suiteCases.id, id)))
      .returning({ id: suiteCases.id });
    if (!done.length) throw new KbError("NOT_FOUND", { what: "case" });
    await tx.delete(suiteTurns).where(eq(suiteTurns.caseId, id));
  } else {
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${suiteCases.position}), -1) + 1` })
      .from(suiteCases)
      .where(eq(suiteCases.suiteId, opts.suiteId));
    const [row] = await tx
      .insert(suiteCases)
      .values({ suiteId: opts.suiteId, name: input.name, tags: input.tags, note: input.note ?? "", position: next })
      .returning({ id: suiteCases.id });
    id = row.id;
  }
  await tx.insert(suiteTurns).values(input.turns.map((t, i) => ({ caseId: id!, position: i + 1, text: t.text, expect: t.expect })));
  await tx.update(suites).set({ updatedAt: Date.now() }).where(eq(suites.id, opts.suiteId));
  return id;
}

export async function deleteCase(db: Q, suiteId: number, caseId: number) {
  await db.delete(suiteCases).where(and(eq(suiteCases.suiteId, suiteId), eq(suiteCases.id, caseId)));
}

/** A copy named "<name> 副本" (then 副本2, 副本3 …) placed at the end. */
export async function duplicateCase(db: Db, suiteId: number, caseId: number) {
  const all = await listCases(db, suiteId);
  const src = all.find((c) => c.id === caseId);
  if (!src) throw new KbError("NOT_FOUND", { what: "case" });
  const names = new Set(all.map((c) => c.name));
  let name = `${src.name} 副本`.slice(0, MAX_CASE_NAME);
  for (let i = 2; names.has(name); i++) name = `${src.name} 副本${i}`.slice(0, MAX_CASE_NAME);
  return saveCase(db, { suiteId, input: { name, tags: src.tags, note: src.note, turns: src.turns } });
}

/* ------------------------------------------------------------------ runs */

export type SuiteRunRow = typeof suiteRuns.$inferSelect;
export type SuiteRunTurnRow = typeof suiteRunTurns.$inferSelect;

export async function createRun(db: Q, opts: { workspaceId: number; suiteId: number; version?: string; createdBy?: number | null }) {
  const [row] = await db
    .insert(suiteRuns)
    .values({ workspaceId: opts.workspaceId, suiteId: opts.suiteId, version: opts.version ?? "draft", createdBy: opts.createdBy ?? null })
    .returning({ id: suiteRuns.id });
  return row.id;
}

export async function getRun(db: Q, workspaceId: number, id: number) {
  const [row] = await db
    .select()
    .from(suiteRuns)
    .where(and(eq(suiteRuns.workspaceId, workspaceId), eq(suiteRuns.id, id)));
  return row ?? null;
}

export async function updateRun(db: Q, id: number, set: Partial<Omit<SuiteRunRow, "id">>) {
  await db.update(suiteRuns).set(set).where(eq(suiteRuns.id, id));
}

export async function deleteRun(db: Q, id: number) {
  await db.delete(suiteRuns).where(eq(suiteRuns.id, id));
}

export async function insertRunTurns(db: Q, rows: (typeof suiteRunTurns.$inferInsert)[]) {
  // SQLite's bound-parameter limit: ~12 columns a row, so chunks of 500 rows stay well below it.
  for (let i = 0; i < rows.length; i += 500) await db.insert(suiteRunTurns).values(rows.slice(i, i + 500));
}

export async function listRuns(db: Db, opts: { workspaceId: number; suiteId: number; page?: number; pageSize?: number }) {
  const { page, pageSize, offset } = pageWindow(opts);
  const where = and(eq(suiteRuns.workspaceId, opts.workspaceId), eq(suiteRuns.suiteId, opts.suiteId));
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)` })
    .from(suiteRuns)
    .where(where);
  const rows = await db.select().from(suiteRuns).where(where).orderBy(desc(suiteRuns.id)).limit(pageSize).offset(offset);
  return { total, page, pageSize, rows };
}

export async function runTurns(db: Q, runId: number) {
  return db.select().from(suiteRunTurns).where(eq(suiteRunTurns.runId, runId)).orderBy(asc(suiteRunTurns.id));
}

/** The finished run of the same suite just before this one (what "new failures" compare with). */
export async function previousRun(db: Q, run: Pick<SuiteRunRow, "id" | "suiteId">) {
  const [row] = await db
    .select()
    .from(suiteRuns)
    .where(and(eq(suiteRuns.suiteId, run.suiteId), lt(suiteRuns.id, run.id), eq(suiteRuns.status, "done")))
    .orderBy(desc(suiteRuns.id))
    .limit(1);
  return row ?? null;
}

export interface CaseOutcome {
  caseName: string;
  tags: string[];
  caseId: number | null;
  passed: boolean;
  turns: SuiteRunTurnRow[];
}

/** Turns grouped into cases in run order; a case passes when every turn does. */
export function caseOutcomes(turns: SuiteRunTurnRow[]): CaseOutcome[] {
  const out = new Map<string, CaseOutcome>();
  for (const t of turns) {
    let c = out.get(t.caseName);
    if (!c) out.set(t.caseName, (c = { caseName: t.caseName, tags: t.tags, caseId: t.caseId, passed: true, turns: [] }));
    c.turns.push(t);
    if (!t.passed) c.passed = false;
  }
  return [...out.values()];
}

/** Cases by name against the previous run: new failures, fixed, still failing. */
export function compareRuns(current: CaseOutcome[], previous: CaseOutcome[] | null) {
  const before = new Map((previous ?? []).map((c) => [c.caseName, c.passed]));
  const newFailures: string[] = [];
  const fixed: string[] = [];
  const stillFailing: string[] = [];
  for (const c of current) {
    const was = before.get(c.caseName);
    if (!c.passed && was === false) stillFailing.push(c.caseName);
    else if (!c.passed) newFailures.push(c.caseName);
    else if (was === false) fixed.push(c.caseName);
  }
  return { newFailures, fixed, stillFailing };
}

/** Everything the report page and the exports show for one run. */
export async function runReport(db: Db, workspaceId: number, runId: number) {
  const run = await getRun(db, workspaceId, runId);
  if (!run) return null;
  const [suite, turns, prev] = await Promise.all([getSuite(db, workspaceId, run.suiteId), runTurns(db, run.id), previousRun(db, run)]);
  const cases = caseOutcomes(turns);
  const prevCases = prev ? caseOutcomes(await runTurns(db, prev.id)) : null;
  const diff = compareRuns(cases, prevCases);
  // Failures first (new ones first of all), then the passing cases in suite order.
  const rank = (c: CaseOutcome) => (c.passed ? 2 : diff.newFailures.includes(c.caseName) ? 0 : 1);
  cases.sort((a, b) => rank(a) - rank(b));
  return { run, suite, cases, previousRunId: prev?.id ?? null, ...diff };
}
