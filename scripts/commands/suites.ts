/**
 * `kb suite:run SUITE|FILE --workspace SLUG [--version draft|published|N | --target URL|NAME --header K:V …]
 * [--json] [--junit FILE]` (issue 11): runs a suite through the same job as the UI; the last JSON line is
 * {suite, cases, turns, passed, failed, passRate, newFailures, fixed, durationMs}; exit 0 when every
 * case passes, 1 when any fails, 2 on bad usage. A shop's CI gates knowledge changes on it.
 */
import fs from "node:fs";
import path from "node:path";

import { generateCasesInto, runSuiteNow } from "~/models/suites.server";

import type { Db } from "../../db/client";
import { createSuite, findSuiteByName, runReport } from "../../db/queries/suites";
import { DEFAULT_BASELINE_VARIANTS, MAX_BASELINE_VARIANTS } from "../../db/queries/suites/generate";
import { applySuiteImport, exportSuiteFile, planSuiteImport, suiteFormatOf } from "../../db/queries/suites/io";
import { runJunitXml } from "../../db/queries/suites/junit";
import { findTargetByName } from "../../db/queries/suites/targets";
import { KbError } from "../../training/errors";
import { envRefs, type HttpTargetConfig, parseHeaderLines, resolveHeaders, validateHttpTarget } from "../../training/suites/http-target";
import { type Command, printJson, progressReporter, requireString, UsageError, withWorkspace, writeFileAtomic } from "../cli";

/** `--target` is a URL, or else the name of a saved external bot (外部机器人) of the workspace. */
const isTargetName = (v: string) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(v.trim());

/** A saved external bot by name; its `${ENV}` headers must be set in this process's environment. */
async function savedTarget(db: Db, workspaceId: number, name: string) {
  const row = await findTargetByName(db, workspaceId, name);
  if (!row) throw new UsageError(new KbError("SUITE_TARGET_NOT_FOUND", { name }).message);
  try {
    resolveHeaders(row.config.headers, process.env);
  } catch (e) {
    if (e instanceof KbError) throw new UsageError(e.message);
    throw e;
  }
  return row.config;
}

/**
 * The external bot of `--target URL --header K:V … [--target-config FILE] [--timeout MS]`. The run's
 * job (and so its target) is stored in the database: a header value typed on the command line is
 * kept in this process's environment and the job holds only a `${…}` reference to it, so a secret
 * is never written down. `${NAME}` in a value is read from the environment as it is.
 */
function targetFrom(values: Record<string, unknown>): HttpTargetConfig | undefined {
  const url = values.target as string | undefined;
  if (url && isTargetName(url)) {
    // A saved 外部机器人: its config is the workspace's (read once the workspace is open).
    if (values.header || values["target-config"] || values.timeout)
      throw new UsageError("--header, --target-config and --timeout need --target URL (a saved target keeps its own)");
    return undefined;
  }
  if (!url) {
    if (values.header || values["target-config"] || values.timeout) throw new UsageError("--header, --target-config and --timeout need --target URL");
    return undefined;
  }
  let extra: Partial<HttpTargetConfig> = {};
  const file = values["target-config"] as string | undefined;
  if (file) {
    if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
    try {
      extra = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<HttpTargetConfig>;
    } catch (e) {
      throw new UsageError(`${file}: not JSON (${(e as Error).message})`);
    }
  }
  const headers: Record<string, string> = { ...(extra.headers ?? {}) };
  ((values.header as string[] | undefined) ?? []).forEach((h, i) => {
    let name: string;
    let value: string;
    try {
      [[name, value]] = Object.entries(parseHeaderLines(h));
    } catch (e) {
      throw new UsageError(`--header: ${(e as Error).message}`);
    }
    if (envRefs(value).length) headers[name] = value;
    else {
      const ref = `KB_SUITE_TARGET_HEADER_${i}`;
      process.env[ref] = value;
      headers[name] = `\${${ref}}`;
    }
  });
  const timeoutMs = values.timeout === undefined ? extra.timeoutMs : Number(values.timeout);
  const target: HttpTargetConfig = { ...extra, url, headers, ...(timeoutMs === undefined ? {} : { timeoutMs }) };
  try {
    validateHttpTarget(target);
    resolveHeaders(target.headers, process.env);
  } catch (e) {
    if (e instanceof KbError) throw new UsageError(e.message);
    throw e;
  }
  return target;
}

export const suiteRun: Command = {
  name: "suite:run",
  summary:
    "Run a test suite (by name, or a CSV/XLSX/YAML file imported into the suite it names first) against the workspace's bot or, with --target, an external bot over HTTP (a URL, or the name of one saved under 外部机器人); exit 0 when every case passes, 1 when any fails.",
  usage:
    "suite:run SUITE|FILE --workspace SLUG [--version draft|published|N] [--target URL|NAME [--header 'K: V' …] [--target-config FILE.json] [--timeout MS]] [--junit FILE] [--json]",
  options: {
    workspace: { type: "string" },
    suite: { type: "string" },
    version: { type: "string" },
    target: { type: "string" },
    header: { type: "string", multiple: true },
    "target-config": { type: "string" },
    timeout: { type: "string" },
    junit: { type: "string" },
    json: { type: "boolean" },
  },
  async run({ values, positionals }) {
    const slug = requireString(values, "workspace");
    const name = (values.suite as string | undefined) ?? positionals[0];
    if (!name?.trim()) throw new UsageError("missing SUITE (a suite's name or a suite file)");
    const version = (values.version as string | undefined) ?? "draft";
    if (!/^(draft|published|\d+)$/.test(version)) throw new UsageError("--version must be draft, published or a version number");
    const typed = targetFrom(values);
    if (values.target && values.version) throw new UsageError("--version and --target exclude each other: an external bot has its own knowledge");
    return withWorkspace(slug, async (db, ws) => {
      const target = values.target && isTargetName(String(values.target)) ? await savedTarget(db, ws.id, String(values.target)) : typed;
      const isFile = !!suiteFormatOf(name) && fs.existsSync(name);
      let suite = isFile ? null : await findSuiteByName(db, ws.id, name);
      if (!suite) {
        if (!isFile) throw new UsageError(`no suite "${name}" in workspace "${slug}", and no suite file of that name`);
        // A suite file: imported into the suite it names (replacing its cases) and run from there.
        const imported = await importSuiteFile(db, ws.id, name);
        if (!imported.suiteId) return 1;
        suite = (await findSuiteByName(db, ws.id, imported.suite))!;
      }
      const summary = await runSuiteNow({ workspaceId: ws.id, suiteId: suite.id, version, target }, progressReporter(`suite ${suite.name}`));
      if (values.junit) {
        const report = (await runReport(db, ws.id, summary.runId))!;
        fs.writeFileSync(String(values.junit), runJunitXml(report));
      }
      const { runId, casesPassed, ...json } = summary;
      if (values.json) printJson({ ...json, runId });
      else
        process.stdout.write(
          `${suite.name}: ${casesPassed}/${summary.cases} cases passed (${summary.passed}/${summary.turns} turns), ` +
            `${summary.newFailures.length} new failures, ${summary.fixed.length} fixed, ${summary.durationMs} ms\n`,
        );
      return casesPassed === summary.cases ? 0 : 1;
    });
  },
};

/**
 * A suite file into the workspace: the suite is named by `suiteName`, a YAML file's `suite:` or the
 * file's name, and created when missing; any bad row is printed and nothing is written (suiteId null).
 */
async function importSuiteFile(db: Db, workspaceId: number, file: string, suiteName?: string) {
  const data = new Uint8Array(fs.readFileSync(file));
  const fileName = path.basename(file);
  // Read once to learn the suite a YAML file names (reading writes nothing).
  const named = suiteName ? null : (await planSuiteImport(db, { suiteId: -1, fileName, data })).suiteName;
  const name = (suiteName ?? named ?? fileName.replace(/\.[^.]+$/, "")).trim();
  const existing = await findSuiteByName(db, workspaceId, name);
  // Planned against the suite as it is (or an empty one): a suite is created only for a clean file.
  const plan = await planSuiteImport(db, { suiteId: existing?.id ?? -1, fileName, data });
  for (const e of plan.issues) process.stderr.write(`error: ${e.message}\n`);
  let suiteId: number | null = null;
  if (!plan.issues.length) {
    suiteId = existing?.id ?? (await createSuite(db, { workspaceId, name }));
    await applySuiteImport(db, { suiteId, plan });
  }
  return { suite: name, suiteId, report: plan.report, errors: plan.issues.length };
}

/**
 * `kb suite:import FILE --workspace SLUG [--suite NAME] [--json]`: the suite is named by --suite,
 * a YAML file's `suite:` or the file's name, and created when missing.
 */
export const suiteImport: Command = {
  name: "suite:import",
  summary:
    "Import test cases from CSV or XLSX, one row per turn (用例, 轮次, 客户说, 期望决策, 期望问题, 期望转人工原因, 期望包含, 标签), or from YAML (suite: NAME, cases: [{name, tags, note, turns: [{user, expect}]}]). Any bad row: its errors are listed and nothing is written (exit 1).",
  usage: "suite:import FILE --workspace SLUG [--suite NAME] [--json]",
  options: { workspace: { type: "string" }, suite: { type: "string" }, json: { type: "boolean" } },
  async run({ values, positionals }) {
    const file = positionals[0];
    if (!file) throw new UsageError("missing FILE");
    const slug = requireString(values, "workspace");
    if (!suiteFormatOf(file)) throw new UsageError(`${file}: unsupported file type (use .csv, .xlsx or .yaml)`);
    if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
    return withWorkspace(slug, async (db, ws) => {
      const r = await importSuiteFile(db, ws.id, file, values.suite as string | undefined);
      const out = { suite: r.suite, written: r.suiteId !== null, ...r.report, errors: r.errors };
      if (values.json) printJson(out);
      else
        process.stderr.write(
          `${out.written ? "imported" : "nothing written"}: read ${r.report.read} rows, ${r.report.cases} cases (${r.report.created} new, ${r.report.replaced} replaced), ${r.errors} errors\n`,
        );
      return r.errors ? 1 : 0;
    });
  },
};

export const suiteExport: Command = {
  name: "suite:export",
  summary: "Export a test suite's cases to CSV (UTF-8 with BOM) or XLSX, one row per turn, or to YAML (every field), by the file's extension.",
  usage: "suite:export FILE --workspace SLUG --suite NAME [--json]",
  options: { workspace: { type: "string" }, suite: { type: "string" }, json: { type: "boolean" } },
  async run({ values, positionals }) {
    const file = positionals[0];
    if (!file) throw new UsageError("missing FILE");
    const slug = requireString(values, "workspace");
    const name = requireString(values, "suite");
    if (!suiteFormatOf(file)) throw new UsageError(`${file}: unsupported file type (use .csv, .xlsx or .yaml)`);
    return withWorkspace(slug, async (db, ws) => {
      const suite = await findSuiteByName(db, ws.id, name);
      if (!suite) throw new UsageError(`no suite "${name}" in workspace "${slug}"`);
      const buf = await exportSuiteFile(db, { suiteId: suite.id, fileName: file });
      writeFileAtomic(file, buf);
      const out = { file, suite: suite.name, bytes: buf.length };
      if (values.json) printJson(out);
      else console.log(`exported suite ${suite.name} to ${file}`);
      return 0;
    });
  },
};

/**
 * `kb suite:generate --workspace SLUG --suite NAME --from kb|labels [--variants N] [--json]`: fills the
 * suite (created when missing) with a knowledge-base baseline or the inbox labels' cases, replacing
 * the ones an earlier generation wrote (the same cases the 测试集 page generates).
 */
export const suiteGenerate: Command = {
  name: "suite:generate",
  summary:
    "Generate test cases: --from kb (each FAQ's standard question and N variants, pack questions included) or --from labels (each labeled customer turn with its outcome). Generating again replaces the generated cases.",
  usage: "suite:generate --workspace SLUG --suite NAME --from kb|labels [--variants N] [--json]",
  options: { workspace: { type: "string" }, suite: { type: "string" }, from: { type: "string" }, variants: { type: "string" }, json: { type: "boolean" } },
  async run({ values }) {
    const slug = requireString(values, "workspace");
    const name = requireString(values, "suite");
    const from = requireString(values, "from");
    if (from !== "kb" && from !== "labels") throw new UsageError("--from must be kb or labels");
    const variants = values.variants === undefined ? DEFAULT_BASELINE_VARIANTS : Number(values.variants);
    if (!Number.isInteger(variants) || variants < 0 || variants > MAX_BASELINE_VARIANTS)
      throw new UsageError(`--variants must be a whole number from 0 to ${MAX_BASELINE_VARIANTS}`);
    return withWorkspace(slug, async (_db, ws) => {
      const r = await generateCasesInto({ workspaceId: ws.id, suiteName: name, from, variants });
      if (values.json) printJson(r);
      else process.stdout.write(`${r.suiteName}: ${r.cases} cases (${r.created} new, ${r.replaced} replaced, ${r.removed} removed, ${r.skipped} skipped)\n`);
      return 0;
    });
  },
};
