/**
 * Suite import and export (issue 11 "Authoring") as CSV or XLSX, one row per turn, columns 用例,
 * 轮次, 客户说, 期望决策, 期望问题, 期望转人工原因, 期望包含, 标签, and as YAML (every
 * field of a case, in the shape of Rasa / Botium test stories). The table file step is the FAQ
 * import's (readImportTable, importIssue); rows group into cases by 用例 and sort by 轮次. An import
 * is planned first: any error and nothing is written; otherwise every case is written in one
 * transaction, a case of the same name replaced (so importing a file twice changes nothing).
 */
import { eq } from "drizzle-orm";
import { Document, LineCounter, parseDocument } from "yaml";

import { type ErrorParams, formatError, KbError, type KbErrorCode } from "../../../training/errors";
import { decodeFile } from "../../../training/io/decode";
import { tableFormatOf, writeCsv, writeXlsx } from "../../../training/io/table";
import { cleanInput, normalizeText } from "../../../training/normalize";
import { SUITE_DECISIONS, type SuiteDecision, TRANSFER_REASONS, type TransferReason, type TurnExpect } from "../../../training/suites/check";
import type { Db } from "../../client";
import { suiteCases, suites } from "../../schema";
import { type ImportIssue, importIssue, readImportTable } from "../faq-io";
import { type CaseInput, cleanCase, cleanExpect, listCases, MAX_TURN_TEXT, saveCaseIn } from "./index";

export const SUITE_COLUMNS = ["用例", "轮次", "客户说", "期望决策", "期望问题", "期望转人工原因", "期望包含", "标签"] as const;
type Column = (typeof SUITE_COLUMNS)[number];
export const MAX_SUITE_IMPORT_BYTES = 5 * 1024 * 1024;

/** The words a decision cell may hold: the code, or the UI's Chinese (bot.decision.* in the locale files). */
const DECISION_WORDS: Record<SuiteDecision, string[]> = {
  answer: ["直接回答", "回答"],
  clarify: ["反问确认", "反问"],
  no_answer: ["未识别", "未回答", "无答案"],
  transfer: ["转人工"],
};
const REASON_WORDS: Record<TransferReason, string[]> = {
  human_requested: ["顾客要求转人工", "顾客要求人工"],
  repeated_failure: ["连续多轮没有答上来", "连续未解决"],
  negative_emotion: ["顾客情绪激动或有投诉", "负面情绪"],
  sensitive_keyword: ["命中敏感词", "敏感词"],
};

function wordOf<K extends string>(table: Record<K, string[]>, codes: readonly K[], cell: string): K | null {
  const v = normalizeText(cell);
  for (const k of codes) if (k === v || table[k].some((w) => normalizeText(w) === v)) return k;
  return null;
}

const splitTags = (cell: string) =>
  cell
    .split(/[|,，、\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

export interface SuiteImportPlan {
  fileName: string;
  /** The suite named in a YAML file (`suite:`), if any. */
  suiteName?: string;
  cases: CaseInput[];
  /** Names of the cases that replace a case of the suite (the rest are new). */
  replacing: string[];
  issues: ImportIssue[];
  /** read: rows of a table, cases of a YAML file; rejected: the rows (cases) with an error. */
  report: { read: number; cases: number; turns: number; created: number; replaced: number; rejected: number };
}

export type SuiteFileFormat = "csv" | "xlsx" | "yaml";
export const SUITE_FILE_TYPES = ".csv, .xlsx, .yaml";

export function suiteFormatOf(fileName: string): SuiteFileFormat | null {
  return /\.ya?ml$/i.test(fileName) ? "yaml" : tableFormatOf(fileName);
}

/** What a file holds, before it is compared with the suite. */
interface ReadCases {
  suiteName?: string;
  cases: CaseInput[];
  issues: ImportIssue[];
  read: number;
  rejected: number;
}

const failed = (issue: ImportIssue): ReadCases => ({ cases: [], issues: [issue], read: 0, rejected: 0 });

/** Reads and checks a file against the suite as it is now; writes nothing. */
export async function planSuiteImport(db: Db, opts: { suiteId: number; fileName: string; data: Uint8Array }): Promise<SuiteImportPlan> {
  const { fileName, data } = opts;
  const format = suiteFormatOf(fileName);
  const got =
    data.byteLength > MAX_SUITE_IMPORT_BYTES
      ? failed(importIssue(fileName, 0, null, "FILE_TOO_LARGE", { maxMb: MAX_SUITE_IMPORT_BYTES / 1024 / 1024 }))
      : !format
        ? failed(importIssue(fileName, 0, null, "FILE_TYPE", { expected: SUITE_FILE_TYPES }))
        : format === "yaml"
          ? readYamlCases(fileName, data)
          : await readTableCases(fileName, data);
  const { cases, issues } = got;
  if (!issues.length && !cases.length) issues.push(importIssue(fileName, 0, null, "SUITE_FILE_EMPTY", { file: fileName }));
  const existing = new Set((await db.select({ name: suiteCases.name }).from(suiteCases).where(eq(suiteCases.suiteId, opts.suiteId))).map((r) => r.name));
  const replacing = cases.filter((c) => existing.has(c.name)).map((c) => c.name);
  const replaced = replacing.length;
  return {
    fileName,
    ...(got.suiteName ? { suiteName: got.suiteName } : {}),
    cases,
    replacing,
    issues,
    report: {
      read: got.read,
      cases: cases.length,
      turns: cases.reduce((n, c) => n + c.turns.length, 0),
      created: cases.length - replaced,
      replaced,
      rejected: got.rejected,
    },
  };
}

/** CSV or XLSX: one row per turn, grouped into cases by 用例. */
async function readTableCases(fileName: string, data: Uint8Array): Promise<ReadCases> {
  const read = await readImportTable({
    fileName,
    data,
    maxBytes: MAX_SUITE_IMPORT_BYTES,
    isHeader: (h) => h.includes("用例") && h.includes("客户说"),
  });
  if ("issue" in read) return failed(read.issue);
  const { table } = read;
  const col = new Map(table.headers.map((h, i) => [h.trim(), i]));
  const missing = (["用例", "客户说"] as const).filter((c) => !col.has(c));
  if (missing.length) return failed(importIssue(fileName, 1, missing[0], "FILE_MISSING_COLUMN", { column: missing[0] }));
  const issues: ImportIssue[] = table.rejected.map((r) => importIssue(fileName, r.row, null, r.code, r.params));
  const cell = (cells: string[], c: Column) => (col.has(c) ? (cells[col.get(c)!] ?? "").trim() : "");
  const groups = new Map<string, { firstRow: number; tags: string[]; turns: { n: number; row: number; text: string; expect: TurnExpect }[] }>();
  const rejectedRows = new Set<number>();
  for (const r of table.rows) {
    const err = (column: Column | null, code: KbErrorCode, params: ErrorParams = {}) => {
      issues.push(importIssue(fileName, r.row, column, code, params));
      rejectedRows.add(r.row);
    };
    const name = cell(r.cells, "用例");
    const text = cell(r.cells, "客户说");
    if (!name && !text && r.cells.every((c) => !c.trim())) continue;
    if (!name) {
      err("用例", "SUITE_NAME_EMPTY");
      continue;
    }
    const g = groups.get(name) ?? { firstRow: r.row, tags: [], turns: [] };
    groups.set(name, g);
    const nCell = cell(r.cells, "轮次");
    const n = nCell ? Number(nCell) : g.turns.length + 1;
    if (!Number.isInteger(n) || n < 1) {
      err("轮次", "SUITE_TURN_NUMBER_INVALID", { value: nCell });
      continue;
    }
    const other = g.turns.find((x) => x.n === n);
    if (other) {
      err("轮次", "SUITE_TURN_DUPLICATE", { name, turn: n, other: other.row });
      continue;
    }
    if (!text) {
      err("客户说", "SUITE_TEXT_EMPTY");
      continue;
    }
    const expect: TurnExpect = {};
    const d = cell(r.cells, "期望决策");
    if (d) {
      const code = wordOf(DECISION_WORDS, SUITE_DECISIONS, d);
      if (!code) {
        err("期望决策", "SUITE_DECISION_UNKNOWN", { value: d });
        continue;
      }
      expect.decision = code;
    }
    const reason = cell(r.cells, "期望转人工原因");
    if (reason) {
      const code = wordOf(REASON_WORDS, TRANSFER_REASONS, reason);
      if (!code) {
        err("期望转人工原因", "SUITE_REASON_UNKNOWN", { value: reason });
        continue;
      }
      expect.reason = code;
    }
    const faq = cell(r.cells, "期望问题");
    if (faq) expect.faq = faq;
    const contains = cell(r.cells, "期望包含");
    if (contains) expect.contains = contains;
    for (const tag of splitTags(cell(r.cells, "标签"))) if (!g.tags.includes(tag)) g.tags.push(tag);
    g.turns.push({ n, row: r.row, text, expect });
  }
  const cases: CaseInput[] = [];
  for (const [name, g] of groups) {
    if (!g.turns.length) continue;
    try {
      cases.push(cleanCase({ name, tags: g.tags, turns: g.turns.sort((a, b) => a.n - b.n).map((x) => ({ text: x.text, expect: x.expect })) }));
    } catch (e) {
      if (!(e instanceof KbError)) throw e;
      issues.push(importIssue(fileName, g.firstRow, "用例", e.code, e.params));
      rejectedRows.add(g.firstRow);
    }
  }
  return { cases, issues, read: table.rows.length + table.rejected.length, rejected: rejectedRows.size + table.rejected.length };
}

/* ------------------------------------------------------------------ YAML */

const YAML_ROOT_KEYS = ["suite", "cases"] as const;
const YAML_CASE_KEYS = ["name", "tags", "note", "turns"] as const;
const YAML_TURN_KEYS = ["user", "expect"] as const;
const YAML_EXPECT_KEYS = ["decision", "faq", "reason", "clarifyContains", "contains", "notContains", "minConfidence"] as const;

type YamlPath = (string | number)[];
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const scalarText = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : null);

/**
 * A YAML suite: `suite: 名称` and `cases: [{name, tags, note, turns: [{user, expect: {...}}]}]`.
 * Every problem names the line, the case (1-based, with its name), the turn and the field — the
 * location is an error code too (SUITE_YAML_AT_*), so the preview words it in the user's language.
 */
function readYamlCases(fileName: string, data: Uint8Array): ReadCases {
  let text: string;
  try {
    const decoded = decodeFile(data, fileName);
    if (decoded.badLines.length) return failed(importIssue(fileName, decoded.badLines[0], null, "CELL_ENCODING"));
    text = decoded.text;
  } catch (e) {
    if (!(e instanceof KbError)) throw e;
    return failed(importIssue(fileName, 0, null, e.code, e.params));
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    const issues = doc.errors.map((e) => {
      const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
      const detail = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
      return yamlIssue(fileName, pos.line, null, null, "SUITE_YAML_SYNTAX", { col: pos.col, detail });
    });
    return { cases: [], issues, read: 0, rejected: 0 };
  }
  const lineOf = (path: YamlPath): number => {
    for (let p = path; ; p = p.slice(0, -1)) {
      const node = p.length ? doc.getIn(p, true) : doc.contents;
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return lines.linePos(range[0]).line;
      if (!p.length) return 0;
    }
  };
  const issues: ImportIssue[] = [];
  const issue = (path: YamlPath, field: string | null, where: Where | null, code: KbErrorCode, params: ErrorParams = {}) =>
    issues.push(yamlIssue(fileName, lineOf(path), field, where, code, params));

  const root: unknown = doc.toJS();
  if (!isMap(root) || !Array.isArray(root.cases)) {
    issue(isMap(root) && "cases" in root ? ["cases"] : [], "cases", null, "SUITE_YAML_NO_CASES", { file: fileName });
    return { cases: [], issues, read: 0, rejected: 0 };
  }
  for (const k of Object.keys(root))
    if (!(YAML_ROOT_KEYS as readonly string[]).includes(k)) issue([k], k, null, "SUITE_YAML_UNKNOWN_FIELD", { field: k, allowed: YAML_ROOT_KEYS.join(", ") });
  let suiteName: string | undefined;
  if (root.suite !== undefined && root.suite !== null) {
    const s = scalarText(root.suite);
    if (s === null) issue(["suite"], "suite", null, "SUITE_YAML_NOT_TEXT");
    else suiteName = s.trim() || undefined;
  }

  const cases: CaseInput[] = [];
  const firstByName = new Map<string, number>();
  let rejected = 0;
  root.cases.forEach((raw: unknown, i: number) => {
    const before = issues.length;
    const path: YamlPath = ["cases", i];
    const n = i + 1;
    if (!isMap(raw)) {
      issue(path, null, { code: "SUITE_YAML_AT_CASE", params: { case: n, name: "—", field: "-" } }, "SUITE_YAML_NOT_MAP");
      rejected++;
      return;
    }
    const name = cleanInput(scalarText(raw.name) ?? "").trim();
    const atCase = (field: string): Where => ({ code: "SUITE_YAML_AT_CASE", params: { case: n, name: name || "—", field } });
    const caseIssue = (field: string, code: KbErrorCode, params: ErrorParams = {}, sub: YamlPath = [field]) =>
      issue([...path, ...sub], field, atCase(field), code, params);
    for (const k of Object.keys(raw))
      if (!(YAML_CASE_KEYS as readonly string[]).includes(k)) caseIssue(k, "SUITE_YAML_UNKNOWN_FIELD", { field: k, allowed: YAML_CASE_KEYS.join(", ") });
    if (raw.name !== undefined && raw.name !== null && scalarText(raw.name) === null) caseIssue("name", "SUITE_YAML_NOT_TEXT");
    else if (!name) caseIssue("name", "SUITE_NAME_EMPTY");
    else if (firstByName.has(name)) caseIssue("name", "SUITE_YAML_CASE_TWICE", { name, other: firstByName.get(name)! });
    else firstByName.set(name, n);
    let tags: string[] = [];
    if (Array.isArray(raw.tags)) {
      raw.tags.forEach((t: unknown, j: number) => {
        const s = scalarText(t);
        if (s === null) caseIssue("tags", "SUITE_YAML_NOT_TEXT", {}, ["tags", j]);
        else tags.push(s);
      });
    } else if (raw.tags !== undefined && raw.tags !== null) {
      const s = scalarText(raw.tags);
      if (s === null) caseIssue("tags", "SUITE_YAML_NOT_LIST");
      else tags = splitTags(s);
    }
    let note = "";
    if (raw.note !== undefined && raw.note !== null) {
      const s = scalarText(raw.note);
      if (s === null) caseIssue("note", "SUITE_YAML_NOT_TEXT");
      else note = s;
    }
    const turns: CaseInput["turns"] = [];
    if (!Array.isArray(raw.turns)) caseIssue("turns", raw.turns === undefined || raw.turns === null ? "SUITE_CASE_NO_TURNS" : "SUITE_YAML_NOT_LIST");
    else
      raw.turns.forEach((rt: unknown, j: number) => {
        const tPath: YamlPath = [...path, "turns", j];
        const atTurn = (field: string): Where => ({ code: "SUITE_YAML_AT_TURN", params: { case: n, name: name || "—", turn: j + 1, field } });
        const turnIssue = (field: string, sub: YamlPath, code: KbErrorCode, params: ErrorParams = {}) =>
          issue([...tPath, ...sub], field, atTurn(field), code, params);
        // `- 你好` is a turn without expectations, as short as a story line.
        const t = typeof rt === "string" ? { user: rt } : rt;
        if (!isMap(t)) return turnIssue("user", [], "SUITE_YAML_NOT_MAP");
        for (const k of Object.keys(t))
          if (!(YAML_TURN_KEYS as readonly string[]).includes(k))
            turnIssue(k, [k], "SUITE_YAML_UNKNOWN_FIELD", { field: k, allowed: YAML_TURN_KEYS.join(", ") });
        const said = scalarText(t.user);
        if (t.user !== undefined && t.user !== null && said === null) turnIssue("user", ["user"], "SUITE_YAML_NOT_TEXT");
        else if (!said?.trim()) turnIssue("user", ["user"], "SUITE_TEXT_EMPTY");
        else if (said.trim().length > MAX_TURN_TEXT) turnIssue("user", ["user"], "SUITE_TEXT_TOO_LONG", { max: MAX_TURN_TEXT });
        const expect: TurnExpect = {};
        const e = t.expect;
        if (e !== undefined && e !== null && !isMap(e)) turnIssue("expect", ["expect"], "SUITE_YAML_NOT_MAP");
        else if (isMap(e))
          for (const [k, v] of Object.entries(e)) {
            const sub = ["expect", k];
            if (!(YAML_EXPECT_KEYS as readonly string[]).includes(k)) {
              turnIssue(k, sub, "SUITE_YAML_UNKNOWN_FIELD", { field: k, allowed: YAML_EXPECT_KEYS.join(", ") });
              continue;
            }
            if (v === undefined || v === null || v === "") continue;
            const s = scalarText(v);
            if (s === null) {
              turnIssue(k, sub, "SUITE_YAML_NOT_TEXT");
              continue;
            }
            let value: string | number = s.trim();
            if (k === "decision") {
              const code = wordOf(DECISION_WORDS, SUITE_DECISIONS, s);
              if (!code) {
                turnIssue(k, sub, "SUITE_DECISION_UNKNOWN", { value: s });
                continue;
              }
              value = code;
            } else if (k === "reason") {
              const code = wordOf(REASON_WORDS, TRANSFER_REASONS, s);
              if (!code) {
                turnIssue(k, sub, "SUITE_REASON_UNKNOWN", { value: s });
                continue;
              }
              value = code;
            } else if (k === "minConfidence") value = typeof v === "number" ? v : s;
            // The one checker of a field's value (lengths, the confidence range) is the editor's.
            try {
              Object.assign(expect, cleanExpect({ [k]: value } as TurnExpect));
            } catch (err) {
              if (!(err instanceof KbError)) throw err;
              turnIssue(k, sub, err.code, err.params);
            }
          }
        if (said?.trim()) turns.push({ text: said, expect });
      });
    if (issues.length === before) {
      try {
        cases.push(cleanCase({ name, tags, note, turns }));
      } catch (err) {
        if (!(err instanceof KbError)) throw err;
        const field = err.code === "SUITE_CASE_NO_TURNS" || err.params.what === "turns" ? "turns" : err.params.what === "tags" ? "tags" : "name";
        caseIssue(field, err.code, err.params);
      }
    }
    if (issues.length > before) rejected++;
  });
  return { suiteName, cases: issues.length ? [] : cases, issues, read: root.cases.length, rejected };
}

/** Where in a YAML file a problem is, as a code of the error table (its words follow the user's language). */
interface Where {
  code: KbErrorCode;
  params: ErrorParams;
}

function yamlIssue(fileName: string, line: number, field: string | null, where: Where | null, code: KbErrorCode, params: ErrorParams): ImportIssue {
  const base = importIssue(fileName, line, field, code, params);
  const text = formatError(code, { file: fileName, ...params }, "en");
  if (text.startsWith(fileName)) return where ? { ...base, where } : base;
  // A YAML file has lines, not rows: the CLI says so.
  const at = [line ? `line ${line}` : "", where ? formatError(where.code, where.params, "en") : ""].filter(Boolean).join(", ");
  return { ...base, ...(where ? { where } : {}), message: `${fileName}: ${at ? `${at}: ` : ""}${text}` };
}

/** Writes a plan without issues in one transaction; a plan with issues writes nothing. */
export async function applySuiteImport(db: Db, opts: { suiteId: number; plan: SuiteImportPlan }) {
  if (opts.plan.issues.length) throw new KbError("INTERNAL", { detail: `an import plan with ${opts.plan.issues.length} errors is never written` });
  await db.transaction(async (tx) => {
    const byName = new Map(
      (await tx.select({ id: suiteCases.id, name: suiteCases.name }).from(suiteCases).where(eq(suiteCases.suiteId, opts.suiteId))).map((r) => [r.name, r.id]),
    );
    for (const input of opts.plan.cases) await saveCaseIn(tx, { suiteId: opts.suiteId, caseId: byName.get(input.name) ?? null, input });
  });
  return opts.plan.report;
}

const DECISION_LABEL: Record<SuiteDecision, string> = { answer: "直接回答", clarify: "反问确认", no_answer: "未识别", transfer: "转人工" };
const REASON_LABEL: Record<TransferReason, string> = {
  human_requested: "顾客要求转人工",
  repeated_failure: "连续多轮没有答上来",
  negative_emotion: "顾客情绪激动或有投诉",
  sensitive_keyword: "命中敏感词",
};

/** Every turn of the suite as one row (tags on every row of the case, so a filtered sheet keeps them). */
export async function exportSuiteRows(db: Db, suiteId: number) {
  const rows: string[][] = [];
  for (const c of await listCases(db, suiteId)) {
    for (const t of c.turns) {
      const e = t.expect;
      rows.push([
        c.name,
        String(t.position),
        t.text,
        e.decision ? DECISION_LABEL[e.decision] : "",
        e.faq ?? "",
        e.reason ? REASON_LABEL[e.reason] : "",
        e.contains ?? "",
        c.tags.join("|"),
      ]);
    }
  }
  return { headers: [...SUITE_COLUMNS], rows };
}

/**
 * The suite as a YAML document: every field of every case (the table keeps only its columns).
 * Decisions and reasons are written as codes, which every language reads the same; the comment
 * on top lists the Chinese words the import also accepts.
 */
export async function exportSuiteYaml(db: Db, suiteId: number): Promise<string> {
  const [suite] = await db.select({ name: suites.name }).from(suites).where(eq(suites.id, suiteId));
  const cases = (await listCases(db, suiteId)).map((c) => ({
    name: c.name,
    ...(c.tags.length ? { tags: c.tags } : {}),
    ...(c.note ? { note: c.note } : {}),
    turns: c.turns.map((t) => {
      const expect = Object.fromEntries(YAML_EXPECT_KEYS.filter((k) => t.expect[k] !== undefined).map((k) => [k, t.expect[k]]));
      return Object.keys(expect).length ? { user: t.text, expect } : { user: t.text };
    }),
  }));
  const doc = new Document({ suite: suite?.name ?? "", cases });
  doc.commentBefore = [
    " KB Studio 测试集 / test suite",
    ` decision: ${SUITE_DECISIONS.map((d) => `${d}（${DECISION_LABEL[d]}）`).join("、")}`,
    ` reason: ${TRANSFER_REASONS.map((r) => `${r}（${REASON_LABEL[r]}）`).join("、")}`,
    " faq / clarifyContains: 标准问题; contains / notContains: 回复里的文字; minConfidence: 0–1",
  ].join("\n");
  return doc.toString({ lineWidth: 0 });
}

export async function exportSuiteFile(db: Db, opts: { suiteId: number; fileName: string }): Promise<Buffer> {
  const format = suiteFormatOf(opts.fileName);
  if (format === "yaml") return Buffer.from(await exportSuiteYaml(db, opts.suiteId), "utf8");
  const { headers, rows } = await exportSuiteRows(db, opts.suiteId);
  if (format === "xlsx") return writeXlsx(headers, rows, "用例");
  if (format === "csv") return writeCsv(headers, rows);
  throw new KbError("FILE_TYPE", { file: opts.fileName, expected: SUITE_FILE_TYPES });
}
