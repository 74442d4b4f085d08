/**
 * Scenario test suites for routes and the CLI (issue 11). A run is a job (kind "suite.run", lock
 * key per suite so two runs of one suite at once are refused with JOB_BUSY); the bot is loaded once
 * per run and every turn goes through the one decision path, nothing stored as a customer turn.
 */
import { getDb } from "~/db.server";

import type { Db } from "../../db/client";
import { loadBotContent } from "../../db/queries/bot-content";
import { requestCancel } from "../../db/queries/jobs";
import {
  type CaseInput,
  caseOutcomes,
  createRun,
  createSuite,
  deleteCase,
  deleteRun,
  deleteSuite,
  duplicateCase,
  findSuiteByName,
  getRun,
  getSuite,
  listCases,
  listRuns,
  listSuites,
  renameSuite,
  runReport,
  saveCase,
  updateRun,
} from "../../db/queries/suites";
import { type CoverageStatus, suiteCoverage } from "../../db/queries/suites/coverage";
import { type GenerateSource,generateSuiteCases } from "../../db/queries/suites/generate";
import {
  applySuiteImport,
  exportSuiteFile,
  MAX_SUITE_IMPORT_BYTES,
  planSuiteImport,
  type SuiteFileFormat,
  type SuiteImportPlan,
} from "../../db/queries/suites/io";
import { runJunitXml } from "../../db/queries/suites/junit";
import {
  confusedFaqs,
  decisionMatrix,
  NO_FAQ_CATEGORY,
  passByCategory,
  passByTag,
  runTrend,
  UNKNOWN_FAQ_CATEGORY,
} from "../../db/queries/suites/report";
import { executeRun, type RunSummary, type SuiteDecider } from "../../db/queries/suites/run";
import { KbError } from "../../training/errors";
import { normalizeKey } from "../../training/normalize";
import { httpDecider, type HttpTargetConfig, parseHeaderLines, resolveHeaders, validateHttpTarget } from "../../training/suites/http-target";
import { type Bot, type BotVersion, decideWith, historyTurn, loadBot } from "./bot.server";
import { registerGateSuiteRunner } from "./gate.server";
import { jobError, registerJobHandler, runJobNow, startJob } from "./jobs.server";

export * from "../../db/queries/suites";
export type { RunSummary, SuiteImportPlan };
export { MAX_SUITE_IMPORT_BYTES };

export const SUITE_RUN_JOB = "suite.run";

function parseVersion(v: unknown): BotVersion {
  if (v === "published") return "published";
  if (typeof v === "number" || (typeof v === "string" && /^\d+$/.test(v))) return Number(v);
  return "draft";
}

/** The workspace's bot as a suite target: loaded once, fresh (a trainer's edit counts at once). */
export async function internalDecider(workspaceId: number, version: BotVersion): Promise<SuiteDecider> {
  return botDecider(await loadBot(workspaceId, { version, fresh: true }));
}

/** A loaded bot as a suite target: every turn through decideWith, the API's one decision path. */
export function botDecider(bot: Bot): SuiteDecider {
  return async (text, history) => {
    const r = await decideWith(bot, text, history);
    return {
      latencyMs: r.latencyMs,
      turn: historyTurn(text, r),
      actual: {
        decision: r.decision,
        faqId: r.faqId,
        faq: r.faqId === null ? null : bot.questionOf(r.faqId) || null,
        suggestions: r.suggestions.map((s) => s.question),
        confidence: r.confidence,
        reason: r.reason ?? null,
        reply: r.reply ?? r.answer ?? null,
      },
    };
  };
}

/**
 * What a run's 对象 column says of an external bot: its address without query or credentials (a
 * key in a query string must not end up in the report).
 */
export function httpTargetLabel(url: string) {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

/**
 * The external bot of the 运行 card: its URL and header lines whose values are `${ENV}` references
 * to the server's environment (a value typed into the page would be stored with the job).
 */
export function httpTargetFromForm(form: { url: string; headers: string; timeoutSeconds?: string }): HttpTargetConfig {
  const seconds = form.timeoutSeconds?.trim() ? Number(form.timeoutSeconds) : undefined;
  return {
    url: form.url.trim(),
    headers: parseHeaderLines(form.headers, { requireEnvRefs: true }),
    ...(seconds === undefined ? {} : { timeoutMs: Math.round(seconds * 1000) }),
  };
}

interface SuiteRunPayload {
  runId: number;
  suiteName: string;
  version?: string;
  /** An external bot instead of the workspace's own; header values hold only `${ENV}` references. */
  target?: HttpTargetConfig;
}

registerJobHandler(SUITE_RUN_JOB, {
  async run(ctx) {
    const { runId, suiteName, version, target } = ctx.job.payload as unknown as SuiteRunPayload;
    try {
      const decide = target ? httpDecider(target) : await internalDecider(ctx.job.workspaceId, parseVersion(version));
      return await executeRun(ctx.db, {
        workspaceId: ctx.job.workspaceId,
        runId,
        suiteName,
        decide,
        progress: (d, t) => ctx.progress(d, t, "run"),
        throwIfCancelled: ctx.throwIfCancelled,
      });
    } catch (e) {
      const code = e instanceof KbError ? e.code : "INTERNAL";
      await updateRun(ctx.db, runId, { status: code === "JOB_CANCELLED" ? "cancelled" : "failed", errorCode: code, finishedAt: Date.now() });
      throw e;
    }
  },
  async onInterrupted(db, job) {
    const { runId } = job.payload as { runId: number };
    await updateRun(db, runId, { status: "failed", errorCode: "JOB_INTERRUPTED", finishedAt: Date.now() });
  },
});

interface RunOptions {
  workspaceId: number;
  suiteId: number;
  version?: string;
  userId?: number | null;
  target?: HttpTargetConfig;
}

async function prepareRun(db: Db, opts: RunOptions) {
  const suite = await getSuite(db, opts.workspaceId, opts.suiteId);
  if (!suite) throw new KbError("NOT_FOUND", { what: "suite" });
  // A bad target or a missing environment variable is one clear error before the run exists.
  const target = opts.target ? validateHttpTarget(opts.target) : null;
  if (target) resolveHeaders(target.headers, process.env);
  const version = target ? httpTargetLabel(target.url) : (opts.version ?? "draft");
  const runId = await createRun(db, { workspaceId: opts.workspaceId, suiteId: suite.id, version, createdBy: opts.userId ?? null });
  const job = {
    workspaceId: opts.workspaceId,
    kind: SUITE_RUN_JOB,
    lockKey: `suite:${suite.id}`,
    createdBy: opts.userId ?? null,
    payload: { runId, suiteName: suite.name, version, ...(opts.target ? { target: opts.target } : {}) } satisfies SuiteRunPayload,
  };
  return { suite, runId, job };
}

/** Queues a run for the job runner (the UI); JOB_BUSY while this suite already runs. */
export async function startSuiteRun(opts: RunOptions) {
  const db = getDb();
  const { runId, job } = await prepareRun(db, opts);
  try {
    const jobId = await startJob(job);
    await updateRun(db, runId, { jobId });
    return { runId, jobId };
  } catch (e) {
    // The refused run leaves no row behind: the report lists only runs that happened.
    await deleteRun(db, runId);
    throw e;
  }
}

/** The CLI: the same job, run here and now; returns the summary or throws the job's error. */
export async function runSuiteNow(opts: RunOptions, onProgress?: (done: number, total: number) => void) {
  const db = getDb();
  const { job } = await prepareRun(db, opts);
  const row = await runJobNow(job, (p) => onProgress?.(p.done, p.total));
  if (row.status !== "done") {
    throw jobError(row) ?? new KbError("INTERNAL", { detail: `run ${row.status}` });
  }
  return row.result as RunSummary;
}

/* ------------------------------------------------------------------ pages */

export const suitesOverview = (workspaceId: number, page: number, pageSize: number) => listSuites(getDb(), { workspaceId, page, pageSize });

/** Suites by name, for pickers (the simulator's 存为测试用例). */
export async function suiteOptions(workspaceId: number) {
  const { rows } = await listSuites(getDb(), { workspaceId, page: 1, pageSize: 100 });
  return rows.map((r) => ({ id: r.id, name: r.name }));
}

export const createSuiteIn = (opts: { workspaceId: number; name: string; description?: string; userId: number }) => createSuite(getDb(), opts);
export const renameSuiteIn = (opts: { workspaceId: number; id: number; name: string; description?: string }) => renameSuite(getDb(), opts);
export const deleteSuiteIn = (workspaceId: number, id: number) => deleteSuite(getDb(), workspaceId, id);
export const findSuite = (workspaceId: number, id: number) => getSuite(getDb(), workspaceId, id);

/** The suite page: one page of its cases (searched by name, note and what the customer says; filtered by tag), its tags and runs. */
export async function suiteCasesPage(opts: { workspaceId: number; suiteId: number; q?: string; tag?: string; page: number; pageSize: number }) {
  const db = getDb();
  const all = await listCases(db, opts.suiteId);
  const q = (opts.q ?? "").trim().toLowerCase();
  const hit = all.filter(
    (c) =>
      (!opts.tag || c.tags.includes(opts.tag)) &&
      (!q || c.name.toLowerCase().includes(q) || c.note.toLowerCase().includes(q) || c.turns.some((t) => t.text.toLowerCase().includes(q))),
  );
  const tags = [...new Set(all.flatMap((c) => c.tags))].sort();
  const last = Math.max(1, Math.ceil(hit.length / opts.pageSize));
  const page = Math.min(Math.max(1, opts.page), last);
  const rows = hit.slice((page - 1) * opts.pageSize, page * opts.pageSize);
  const runs = await listRuns(db, { workspaceId: opts.workspaceId, suiteId: opts.suiteId, page: 1, pageSize: 10 });
  return { total: hit.length, allCases: all.length, page, rows, tags, runs: runs.rows, runsTotal: runs.total };
}

async function requireSuite(workspaceId: number, suiteId: number) {
  const suite = await getSuite(getDb(), workspaceId, suiteId);
  if (!suite) throw new KbError("NOT_FOUND", { what: "suite" });
  return suite;
}

export async function saveSuiteCase(opts: { workspaceId: number; suiteId: number; caseId?: number | null; input: CaseInput }) {
  await requireSuite(opts.workspaceId, opts.suiteId);
  return saveCase(getDb(), { suiteId: opts.suiteId, caseId: opts.caseId, input: opts.input });
}

export async function deleteSuiteCase(opts: { workspaceId: number; suiteId: number; caseId: number }) {
  await requireSuite(opts.workspaceId, opts.suiteId);
  await deleteCase(getDb(), opts.suiteId, opts.caseId);
}

export async function duplicateSuiteCase(opts: { workspaceId: number; suiteId: number; caseId: number }) {
  await requireSuite(opts.workspaceId, opts.suiteId);
  return duplicateCase(getDb(), opts.suiteId, opts.caseId);
}

/** What the simulator replays of one case: its name and what the customer says, turn by turn; null when not the workspace's. */
export async function caseForSimulator(workspaceId: number, suiteId: number, caseId: number) {
  if (!Number.isInteger(suiteId) || !Number.isInteger(caseId)) return null;
  const suite = await getSuite(getDb(), workspaceId, suiteId);
  if (!suite) return null;
  const c = (await listCases(getDb(), suite.id)).find((x) => x.id === caseId);
  return c ? { suiteName: suite.name, caseName: c.name, texts: c.turns.map((t) => t.text) } : null;
}

/** Asks a run's job to stop; a run still queued is cancelled at once. */
export async function cancelSuiteRun(workspaceId: number, runId: number) {
  const db = getDb();
  const run = await getRun(db, workspaceId, runId);
  if (!run?.jobId) throw new KbError("NOT_FOUND", { what: "run" });
  const status = await requestCancel(db, { workspaceId, id: run.jobId });
  if (status === "cancelled" && (run.status === "queued" || run.status === "running"))
    await updateRun(db, run.id, { status: "cancelled", errorCode: "JOB_CANCELLED", finishedAt: Date.now() });
  return status;
}

/** Everything the run report page shows, as plain fields. */
export async function suiteRunReport(workspaceId: number, suiteId: number, runId: number) {
  const db = getDb();
  const report = await runReport(db, workspaceId, runId);
  if (!report || report.run.suiteId !== suiteId || !report.suite) return null;
  const turns = report.cases.flatMap((c) => c.turns);
  const [trend, content] = await Promise.all([runTrend(db, { workspaceId, suiteId, limit: 30 }), loadBotContent(db, workspaceId)]);
  // FAQs by standard question as the checker compares them (a pack question counts).
  const categories = new Map(content.faqs.map((f) => [normalizeKey(f.question), f.categoryName]));
  const { run } = report;
  return {
    suite: { id: report.suite.id, name: report.suite.name },
    run: {
      id: run.id,
      status: run.status,
      version: run.version,
      jobId: run.jobId,
      cases: run.cases,
      casesPassed: run.casesPassed,
      turns: run.turns,
      turnsPassed: run.turnsPassed,
      durationMs: run.durationMs,
      errorCode: run.errorCode,
      createdAt: run.createdAt,
      finishedAt: run.finishedAt,
    },
    previousRunId: report.previousRunId,
    newFailures: report.newFailures,
    fixed: report.fixed,
    stillFailing: report.stillFailing,
    cases: report.cases.map((c) => ({
      caseName: c.caseName,
      caseId: c.caseId,
      tags: c.tags,
      passed: c.passed,
      turns: c.turns.map((t) => ({
        position: t.position,
        text: t.text,
        expect: t.expect,
        actual: t.actual,
        passed: t.passed,
        failures: t.failures,
        latencyMs: t.latencyMs,
      })),
    })),
    byTag: passByTag(report.cases).map((r) => ({ ...r, kind: r.tag === "" ? ("none" as const) : ("group" as const) })),
    byCategory: passByCategory(report.cases, (q) => categories.get(normalizeKey(q)) ?? null).map((r) => ({
      ...r,
      kind: r.tag === NO_FAQ_CATEGORY ? ("none" as const) : r.tag === UNKNOWN_FAQ_CATEGORY ? ("unknown" as const) : ("group" as const),
    })),
    matrix: decisionMatrix(turns),
    confused: confusedFaqs(turns),
    trend,
  };
}

/** A run as JUnit XML or JSON (for CI and for people). */
export async function exportRun(workspaceId: number, suiteId: number, runId: number, format: "junit" | "json") {
  const report = await runReport(getDb(), workspaceId, runId);
  if (!report || report.run.suiteId !== suiteId) return null;
  const name = `${report.suite?.name ?? "suite"}-run-${runId}`;
  if (format === "junit") return { fileName: `${name}.xml`, type: "application/xml; charset=utf-8", body: runJunitXml(report) };
  const json = {
    suite: report.suite?.name ?? null,
    run: report.run,
    previousRunId: report.previousRunId,
    newFailures: report.newFailures,
    fixed: report.fixed,
    stillFailing: report.stillFailing,
    cases: report.cases,
  };
  return { fileName: `${name}.json`, type: "application/json; charset=utf-8", body: JSON.stringify(json, null, 2) };
}

/** Reads an uploaded suite file against the suite as it is now; writes nothing. */
export async function planSuiteCasesImport(opts: { workspaceId: number; suiteId: number; fileName: string; data: Uint8Array }) {
  await requireSuite(opts.workspaceId, opts.suiteId);
  return planSuiteImport(getDb(), { suiteId: opts.suiteId, fileName: opts.fileName, data: opts.data });
}

/** Writes a plan without issues in one transaction (a plan with any issue is refused, nothing written). */
export async function applySuiteCasesImport(opts: { workspaceId: number; suiteId: number; plan: SuiteImportPlan }) {
  await requireSuite(opts.workspaceId, opts.suiteId);
  return applySuiteImport(getDb(), { suiteId: opts.suiteId, plan: opts.plan });
}

/**
 * Generates cases from the knowledge base or the inbox labels into a suite: the chosen one, or the
 * one of the given name (created when missing, so generating "知识库基线" twice fills one suite).
 */
export async function generateCasesInto(opts: {
  workspaceId: number;
  suiteId?: number | null;
  suiteName?: string;
  from: GenerateSource;
  variants?: number;
  userId?: number | null;
}) {
  const db = getDb();
  let suite = opts.suiteId ? await getSuite(db, opts.workspaceId, opts.suiteId) : await findSuiteByName(db, opts.workspaceId, opts.suiteName ?? "");
  if (opts.suiteId && !suite) throw new KbError("NOT_FOUND", { what: "suite" });
  if (!suite) {
    const id = await createSuite(db, { workspaceId: opts.workspaceId, name: opts.suiteName ?? "", userId: opts.userId ?? null });
    suite = (await getSuite(db, opts.workspaceId, id))!;
  }
  const report = await generateSuiteCases(db, { workspaceId: opts.workspaceId, suiteId: suite.id, from: opts.from, variants: opts.variants });
  return { suiteId: suite.id, suiteName: suite.name, ...report };
}

/**
 * The coverage page: counts over every FAQ the bot answers, and one page of those no case reaches
 * ("none") or only their own phrasings reach ("self"), searched by question and category.
 */
export async function coveragePage(opts: { workspaceId: number; status: "gaps" | CoverageStatus; q?: string; page: number; pageSize: number }) {
  const { rows, suiteCases } = await suiteCoverage(getDb(), opts.workspaceId);
  const counts = { faqs: rows.length, none: 0, self: 0, covered: 0, suiteCases };
  for (const r of rows) counts[r.status]++;
  const q = (opts.q ?? "").trim().toLowerCase();
  const hit = rows.filter(
    (r) =>
      (opts.status === "gaps" ? r.status !== "covered" : r.status === opts.status) &&
      (!q || r.question.toLowerCase().includes(q) || r.category.toLowerCase().includes(q)),
  );
  const last = Math.max(1, Math.ceil(hit.length / opts.pageSize));
  const page = Math.min(Math.max(1, opts.page), last);
  return { counts, total: hit.length, page, rows: hit.slice((page - 1) * opts.pageSize, page * opts.pageSize) };
}

/** A suite's cases as a CSV or XLSX file (one row per turn) or YAML (every field), null when the suite is not the workspace's. */
export async function exportSuiteCases(workspaceId: number, suiteId: number, format: SuiteFileFormat) {
  const suite = await getSuite(getDb(), workspaceId, suiteId);
  if (!suite) return null;
  const fileName = `${suite.name}.${format}`;
  return { fileName, body: await exportSuiteFile(getDb(), { suiteId: suite.id, fileName }) };
}

/* ------------------------------------------------------------------ the publish gate */

const describeFailure = (f: { field: string; expected: string | number | null }) => `${f.field}=${f.expected ?? "—"}`;

/**
 * The publish gate's suite runner (issue 13 seam): a stored run of the suite against the bot being
 * published, through the same executeRun and decision path as every other run, so its report is
 * on the suite page like any run's.
 */
export async function runSuiteForGate(bot: Bot, suiteId: number) {
  const db = getDb();
  const suite = await getSuite(db, bot.workspaceId, suiteId);
  if (!suite) return null;
  if (!(await listCases(db, suite.id)).length) return { suiteId, name: suite.name, passed: 0, total: 0, failures: [] };
  const version = bot.version === "draft" ? "draft" : String(bot.version);
  const runId = await createRun(db, { workspaceId: bot.workspaceId, suiteId: suite.id, version });
  await executeRun(db, { workspaceId: bot.workspaceId, runId, suiteName: suite.name, decide: botDecider(bot) });
  const report = (await runReport(db, bot.workspaceId, runId))!;
  const failures = report.cases
    .filter((c) => !c.passed)
    .flatMap((c) =>
      c.turns
        .filter((t) => !t.passed)
        .map((t) => ({
          suite: suite.name,
          text: `${c.caseName} #${t.position}：${t.text}`,
          expected: t.failures.map(describeFailure).join(", "),
          got: t.failures.map((f) => `${f.field}=${f.actual ?? "—"}`).join(", "),
        })),
    );
  return { suiteId, name: suite.name, passed: report.cases.filter((c) => c.passed).length, total: report.cases.length, failures };
}

registerGateSuiteRunner(runSuiteForGate);

export { caseOutcomes };
