/**
 * FAQ import and export (CSV in UTF-8 / UTF-8 BOM / GBK / GB18030, or XLSX). Columns:
 * 分类, 标准问题, 相似问法, 答案, 关键词, 关联问题 (+ optional 启用). An import is planned first
 * (every problem with its row and column, nothing written), then written in one transaction;
 * re-importing the same file changes nothing.
 *
 * A column the file does not have leaves that field of an existing FAQ alone (a file of 分类,
 * 标准问题, 答案 updates answers and keeps the variants); an empty cell in a column the file has
 * clears the field, and the plan says how much it clears (issue 14 item 1).
 *
 * Problems carry an error code with params (training/errors.ts): the preview shows them in the
 * user's language after "第 N 行「列」：", the CLI prints the English message, `--json` the code.
 */
import { eq } from "drizzle-orm";

import { type ErrorParams, formatError, KbError, type KbErrorCode } from "../../training/errors";
import { readTable, type Table, tableFormatOf, writeCsv, writeXlsx } from "../../training/io/table";
import { normalizeKey, normalizeText } from "../../training/normalize";
import type { Db } from "../client";
import { categories, faqs } from "../schema";
import { writeAudit } from "./audit";
import { mergeIntoPack, type NearPack, nearPackNotice, nearPackQuestions } from "./faq-io-near-pack";
import {
  cleanVariantLines,
  type FaqSnapshot,
  listCategories,
  loadKnowledgeBase,
  MAX_ANSWER_LENGTH,
  MAX_KEYWORDS,
  MAX_QUESTION_LENGTH,
  MAX_RELATED,
  MAX_VARIANT_LENGTH,
  type NearDuplicateFinder,
  removeVariants,
  snapshot,
  splitKeywords,
  tidyText,
  writeFaq,
} from "./faqs";

export const MAX_FAQ_IMPORT_BYTES = 10 * 1024 * 1024;

export const FAQ_COLUMNS = ["分类", "标准问题", "相似问法", "答案", "关键词", "关联问题", "启用"] as const;
type Column = (typeof FAQ_COLUMNS)[number];
const REQUIRED: Column[] = ["分类", "标准问题", "答案"];

const ALIASES: Record<Column, string[]> = {
  分类: ["分类", "类目", "问题分类", "category"],
  标准问题: ["标准问题", "问题", "标准问", "question", "standard question"],
  相似问法: ["相似问法", "相似问题", "相似问", "variants", "similar questions"],
  答案: ["答案", "回复", "答复", "answer"],
  关键词: ["关键词", "关键字", "keywords"],
  关联问题: ["关联问题", "相关问题", "related", "related questions"],
  启用: ["启用", "状态", "enabled"],
};

export interface ImportIssue {
  row: number;
  column: string | null;
  code: KbErrorCode;
  params: ErrorParams;
  /** English, with file, row and column: what the CLI prints. */
  message: string;
  /** Where the problem is when "row and column" do not say it (a YAML suite's case and turn), worded by the error table. */
  where?: { code: KbErrorCode; params: ErrorParams };
}

/** What an update removes because a present column's cell is empty (or shorter). */
export interface ImportClear {
  field: "variants" | "keywords" | "related";
  count: number;
}

export type RowStatus = "create" | "update" | "unchanged" | "rejected";

export interface PlannedRow {
  row: number;
  status: RowStatus;
  question: string;
  category: string;
  variantCount: number;
  existingId?: number;
  clears?: ImportClear[];
  /** Phrasings of pack questions that this row takes over (the merchant wins, issue 10), each a notice of the plan. */
  moves?: { faqId: number; text: string; notice: ImportIssue }[];
  /** A new FAQ close in meaning to a pack question: the preview offers to merge it there. */
  nearPack?: NearPack;
  /** The row merged into a pack question (chosen in the preview, or a phrasing the shop gave it before). */
  mergedInto?: { faqId: number; question: string; from: string };
  input?: {
    question: string;
    answer: string;
    category: string;
    variants: string[];
    keywords: string[];
    related: string[];
    enabled: boolean;
  };
}

export interface ImportReport {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: { row: number; column: string | null; code: KbErrorCode; params: ErrorParams; message: string }[];
}

/** What every table import's plan has (FAQs, the product catalogue): the file, its rows, problems and counts. */
export interface RowImportPlan<R> {
  fileName: string;
  encoding?: string;
  /** The worksheet that was read (XLSX). */
  sheet?: string;
  rows: R[];
  issues: ImportIssue[];
  /** Problems with the whole file (missing column, unreadable): nothing can be imported. */
  fatal: boolean;
  report: ImportReport;
}

export interface ImportPlan extends RowImportPlan<PlannedRow> {
  /** What the import does besides the rows' own fields, row by row (a phrasing taken from a pack question). */
  notices: ImportIssue[];
  newCategories: string[];
}

/** Where each known column is; a column given twice (by any of its names) is reported, not guessed. */
function headerIndex(headers: string[]) {
  const idx = new Map<Column, number>();
  const duplicates: Column[] = [];
  const lower = headers.map((h) => normalizeText(h).replace(/\s+/g, " "));
  for (const col of FAQ_COLUMNS) {
    const found = lower.flatMap((h, i) => (ALIASES[col].includes(h) ? [i] : []));
    if (found.length) idx.set(col, found[0]);
    if (found.length > 1) duplicates.push(col);
  }
  return { idx, duplicates };
}

/** The English line the CLI prints: file, row and column, then the message. */
function issueMessage(fileName: string, row: number, column: string | null, code: KbErrorCode, params: ErrorParams) {
  const where = row > 0 ? (column ? `row ${row}, column ${column}: ` : `row ${row}: `) : "";
  const text = formatError(code, { file: fileName, ...params }, "en");
  return text.startsWith(fileName) ? text : `${fileName}: ${where}${text}`;
}

/** One problem of an import file: its code, params (with the file) and the CLI's English line. */
export function importIssue(fileName: string, row: number, column: string | null, code: KbErrorCode, params: ErrorParams = {}): ImportIssue {
  return { row, column, code, params: { file: fileName, ...params }, message: issueMessage(fileName, row, column, code, params) };
}

/**
 * The file step every table import shares (FAQs, the product catalogue): size and type limits,
 * then readTable (the first XLSX sheet whose header `isHeader` recognises), a file-level failure
 * returned as one issue naming the row and column the reader named.
 */
export async function readImportTable(opts: {
  fileName: string;
  data: Uint8Array;
  maxBytes: number;
  isHeader: (headers: string[]) => boolean;
}): Promise<{ table: Table } | { issue: ImportIssue }> {
  const { fileName } = opts;
  if (opts.data.byteLength > opts.maxBytes) return { issue: importIssue(fileName, 0, null, "FILE_TOO_LARGE", { maxMb: opts.maxBytes / 1024 / 1024 }) };
  if (!tableFormatOf(fileName)) return { issue: importIssue(fileName, 0, null, "FILE_TYPE", { expected: ".csv, .xlsx" }) };
  try {
    return { table: await readTable(opts.data, fileName, opts.isHeader) };
  } catch (e) {
    if (!(e instanceof KbError)) return { issue: importIssue(fileName, 0, null, "FILE_MALFORMED", { detail: (e as Error).message }) };
    const row = typeof e.params.row === "number" ? e.params.row : 0;
    const column = typeof e.params.column === "string" ? e.params.column : null;
    return { issue: importIssue(fileName, row, column, e.code, e.params) };
  }
}

export function parseEnabled(v: string): boolean | null {
  const s = normalizeText(v);
  if (s === "" || ["是", "启用", "开启", "true", "1", "yes", "y", "on"].includes(s)) return true;
  if (["否", "停用", "禁用", "关闭", "false", "0", "no", "n", "off"].includes(s)) return false;
  return null;
}

function splitMulti(cell: string): string[] {
  return cell.split(/\r?\n|\|/);
}

/** What a table import will do, counted from its planned rows (FAQs and products alike). */
export function rowImportReport(rows: { status: RowStatus }[], issues: ImportIssue[], read: number): ImportReport {
  return {
    read,
    created: rows.filter((r) => r.status === "create").length,
    updated: rows.filter((r) => r.status === "update").length,
    unchanged: rows.filter((r) => r.status === "unchanged").length,
    rejected: rows.filter((r) => r.status === "rejected").length,
    errors: issues.map(({ row, column, code, params, message }) => ({ row, column, code, params, message })),
  };
}

/** importIssue with the file bound: the `issue(row, column, code, params)` a plan's checks call. */
export function importIssueFor(fileName: string) {
  return (row: number, column: string | null, code: KbErrorCode, params: ErrorParams = {}) => importIssue(fileName, row, column, code, params);
}

/**
 * The common part of a table import's plan. `table` is null when the file could not be read (no
 * rows, nothing counted); otherwise the report counts every row of the file, the undecodable ones too.
 */
export function rowImportPlan<R extends { status: RowStatus }>(
  fileName: string,
  table: Table | null,
  rows: R[],
  issues: ImportIssue[],
  fatal: boolean,
): RowImportPlan<R> {
  const read = table ? table.rows.length + table.rejected.length : 0;
  return { fileName, ...(table ? { encoding: table.encoding, sheet: table.sheet } : {}), rows, issues, fatal, report: rowImportReport(rows, issues, read) };
}

/** Rows the file reader could not decode: rejected by number with the reader's problem (added to `issues`), never guessed. */
export function undecodedRows<R>(fileName: string, table: Table, issues: ImportIssue[], rejectedRow: (row: number) => R): R[] {
  return table.rejected.map((r) => {
    issues.push(importIssue(fileName, r.row, null, r.code, r.params));
    return rejectedRow(r.row);
  });
}

/** The header problems every table import reports the same way: each missing and each repeated column, on row 1. */
export function headerIssues(fileName: string, missing: readonly string[], duplicates: readonly string[]): ImportIssue[] {
  return [
    ...missing.map((c) => importIssue(fileName, 1, c, "FILE_MISSING_COLUMN", { column: c })),
    ...duplicates.map((c) => importIssue(fileName, 1, c, "FILE_DUPLICATE_COLUMN", { column: c })),
  ];
}

export async function planFaqImport(
  db: Db,
  opts: {
    workspaceId: number;
    fileName: string;
    data: Uint8Array;
    createCategories?: boolean;
    /** The engine's near-duplicate search (else character bigrams), for rows close to a pack question. */
    nearFinder?: NearDuplicateFinder;
    /** Rows to merge into the pack question they are close to (the preview's 合并到行业包问题). */
    merge?: readonly number[];
  },
): Promise<ImportPlan> {
  const { fileName } = opts;
  const issue = importIssueFor(fileName);
  const rejectedRow = (row: number): PlannedRow => ({ row, status: "rejected", question: "", category: "", variantCount: 0 });
  // An XLSX is read from the first sheet that has the FAQ header (issue 14 item 5).
  const read = await readImportTable({
    fileName,
    data: opts.data,
    maxBytes: MAX_FAQ_IMPORT_BYTES,
    isHeader: (headers) => REQUIRED.every((c) => headerIndex(headers).idx.has(c)),
  });
  if ("issue" in read) return { ...rowImportPlan(fileName, null, [], [read.issue], true), newCategories: [], notices: [] };
  const { table } = read;
  const { idx, duplicates } = headerIndex(table.headers);
  const missing = REQUIRED.filter((c) => !idx.has(c));
  if (missing.length || duplicates.length) {
    const rows = table.rows.map((r) => rejectedRow(r.row));
    return { ...rowImportPlan(fileName, table, rows, headerIssues(fileName, missing, duplicates), true), newCategories: [], notices: [] };
  }

  const kb = await loadKnowledgeBase(db, opts.workspaceId);
  const cats = await listCategories(db, opts.workspaceId);
  const catByName = new Map(cats.map((c) => [c.name, c]));
  const dbByQuestionKey = new Map(kb.faqs.map((f) => [normalizeKey(f.question), f]));
  const dbById = new Map(kb.faqs.map((f) => [f.id, f]));
  // Who owns each phrasing in the database now.
  const dbOwner = new Map<string, number>();
  for (const f of kb.faqs) {
    dbOwner.set(normalizeKey(f.question), f.id);
    for (const v of f.variants) dbOwner.set(normalizeKey(v.text), f.id);
  }

  const cell = (cells: string[], col: Column) => {
    const i = idx.get(col);
    return i === undefined ? "" : (cells[i] ?? "");
  };
  const newCategories = new Set<string>();
  const issues: ImportIssue[] = [];
  const planned = undecodedRows(fileName, table, issues, rejectedRow);
  const fileOwner = new Map<string, number>(); // phrasing key → row number in this file
  const seenQuestion = new Map<string, number>();

  for (const r of table.rows) {
    const rowIssues: ImportIssue[] = [];
    const err = (column: Column, code: KbErrorCode, params: ErrorParams = {}) => rowIssues.push(issue(r.row, column, code, params));

    const question = tidyText(cell(r.cells, "标准问题"));
    const category = tidyText(cell(r.cells, "分类"));
    const answer = cell(r.cells, "答案").replace(/\r\n/g, "\n").trim();
    if (!question) err("标准问题", "FAQ_QUESTION_EMPTY");
    else if (question.length > MAX_QUESTION_LENGTH) err("标准问题", "FAQ_QUESTION_TOO_LONG", { max: MAX_QUESTION_LENGTH });
    if (!category) err("分类", "CATEGORY_EMPTY");
    else if (!catByName.has(category)) {
      if (opts.createCategories) newCategories.add(category);
      else err("分类", "IMPORT_CATEGORY_UNKNOWN", { name: category });
    }
    // A pack question may stay unanswered (the bot skips it until it has an answer, issue 5).
    const packTarget = question ? dbByQuestionKey.get(normalizeKey(question))?.packId : null;
    if (!answer && !packTarget) err("答案", "FAQ_ANSWER_EMPTY");
    else if (answer.length > MAX_ANSWER_LENGTH) err("答案", "FAQ_ANSWER_TOO_LONG", { max: MAX_ANSWER_LENGTH });
    const qKey = normalizeKey(question);
    const target = question ? dbByQuestionKey.get(qKey) : undefined;
    // An absent column keeps what an existing FAQ has; a new FAQ starts empty.
    const kept = {
      variants: target?.variants.map((v) => v.text) ?? [],
      keywords: target?.keywords ?? [],
      related: target?.relatedIds.map((id) => dbById.get(id)?.question ?? "").filter(Boolean) ?? [],
      enabled: target?.enabled ?? true,
    };
    const cleaned = idx.has("相似问法") ? cleanVariantLines(splitMulti(cell(r.cells, "相似问法")), question) : { variants: kept.variants };
    for (const v of cleaned.variants)
      if (v.length > MAX_VARIANT_LENGTH) err("相似问法", "FAQ_VARIANT_TOO_LONG", { text: v.slice(0, 20), max: MAX_VARIANT_LENGTH });
    const keywords = idx.has("关键词") ? splitKeywords(cell(r.cells, "关键词")) : kept.keywords;
    if (keywords.length > MAX_KEYWORDS) err("关键词", "FAQ_KEYWORDS_TOO_MANY", { max: MAX_KEYWORDS, count: keywords.length });
    const related = idx.has("关联问题") ? splitMulti(cell(r.cells, "关联问题")).map(tidyText).filter(Boolean) : kept.related;
    if (related.length > MAX_RELATED) err("关联问题", "FAQ_RELATED_TOO_MANY", { max: MAX_RELATED, count: related.length });
    const enabled = idx.has("启用") ? parseEnabled(cell(r.cells, "启用")) : kept.enabled;
    if (enabled === null) err("启用", "IMPORT_ENABLED_INVALID", { value: cell(r.cells, "启用") });

    if (question && seenQuestion.has(qKey)) err("标准问题", "FAQ_DUPLICATE_ROW", { other: seenQuestion.get(qKey)! });
    // A phrasing that belongs to another FAQ, in the database or earlier in this file. The
    // merchant wins over a pack, as when subscribing: a pack question's phrasing (not its standard
    // question) moves to the merchant's FAQ, and the row says so.
    const moves: NonNullable<PlannedRow["moves"]> = [];
    if (question) {
      const keys = [
        { key: qKey, text: question, col: "标准问题" as Column },
        ...cleaned.variants.map((v) => ({ key: normalizeKey(v), text: v, col: "相似问法" as Column })),
      ];
      for (const k of keys) {
        const owner = dbOwner.get(k.key);
        if (owner !== undefined && owner !== target?.id) {
          const o = dbById.get(owner)!;
          if (o.packId === null || target?.packId || normalizeKey(o.question) === k.key) {
            err(k.col, "FAQ_VARIANT_CONFLICT", { text: k.text, faqId: o.id, question: o.question });
            continue;
          }
          moves.push({
            faqId: o.id,
            text: k.text,
            notice: issue(r.row, k.col, "IMPORT_PHRASING_FROM_PACK", { text: k.text, faqId: o.id, question: o.question }),
          });
        }
        const row = fileOwner.get(k.key);
        if (row !== undefined) err(k.col, "IMPORT_PHRASING_IN_ROW", { text: k.text, other: row });
      }
    }

    const base = { row: r.row, question, category, variantCount: cleaned.variants.length };
    if (rowIssues.length) {
      planned.push({ ...base, status: "rejected" });
      issues.push(...rowIssues);
      continue;
    }
    seenQuestion.set(qKey, r.row);
    fileOwner.set(qKey, r.row);
    for (const v of cleaned.variants) fileOwner.set(normalizeKey(v), r.row);
    // What an update drops: shown in the preview before anything is written.
    const clears: ImportClear[] = [];
    if (target) {
      const gone = (before: string[], after: string[]) => {
        const keep = new Set(after.map(normalizeKey));
        return before.filter((x) => !keep.has(normalizeKey(x))).length;
      };
      const v = gone(kept.variants, cleaned.variants.concat(question));
      const k = gone(kept.keywords, keywords);
      const rel = gone(kept.related, related);
      if (v) clears.push({ field: "variants", count: v });
      if (k) clears.push({ field: "keywords", count: k });
      if (rel) clears.push({ field: "related", count: rel });
    }
    planned.push({
      ...base,
      status: target ? "update" : "create",
      existingId: target?.id,
      ...(clears.length ? { clears } : {}),
      ...(moves.length ? { moves } : {}),
      input: { question, answer, category, variants: cleaned.variants, keywords, related, enabled: enabled ?? true },
    });
  }

  // Phrasings owned by a database FAQ that the file rewrites: the conflict check above was too
  // strict when the owner's row in this file drops the phrasing. Such moves are rare and
  // ambiguous, so we keep them refused: the trainer edits one FAQ at a time.

  // Related questions resolve against accepted rows of this file, then the database.
  const acceptedByKey = new Map(planned.filter((p) => p.input).map((p) => [normalizeKey(p.question), p]));
  for (const p of planned) {
    if (!p.input) continue;
    for (const rq of p.input.related) {
      const k = normalizeKey(rq);
      if (k === normalizeKey(p.question)) {
        issues.push(issue(p.row, "关联问题", "FAQ_RELATED_SELF"));
        p.status = "rejected";
      } else if (!acceptedByKey.has(k) && !dbByQuestionKey.has(k)) {
        issues.push(issue(p.row, "关联问题", "FAQ_RELATED_NOT_FOUND", { question: rq }));
        p.status = "rejected";
      }
    }
    if (p.status === "rejected") {
      delete p.input;
      delete p.moves;
    }
  }

  // New rows close to a pack question: offered a merge, merged when chosen. A row whose question
  // is already a phrasing of a pack question with the row's answer (an earlier merge) merges
  // again, so that importing the same file twice changes nothing.
  const near = await nearPackQuestions(planned, kb.faqs, opts.nearFinder);
  const merging = new Set(opts.merge ?? []);
  const claimed = new Set<number>();
  const renamed = new Map<string, string>();
  for (const p of planned) {
    if (p.status !== "create" || !p.input) continue;
    const owner = dbById.get(dbOwner.get(normalizeKey(p.input.question)) ?? -1);
    const again = owner && owner.packId !== null && owner.answer.trim() === p.input.answer.trim() ? owner.id : undefined;
    const n = near.get(p.row);
    if (n) p.nearPack = n;
    const into = again ?? (n && merging.has(p.row) ? n.faqId : undefined);
    if (into === undefined || claimed.has(into)) continue;
    claimed.add(into);
    mergeIntoPack(p, dbById.get(into)!, (id) => dbById.get(id)?.question);
    p.input!.related = p.input!.related.slice(0, MAX_RELATED);
    renamed.set(normalizeKey(p.mergedInto!.from), p.mergedInto!.question);
  }
  // Other rows name a merged row by the pack question it became.
  if (renamed.size) for (const p of planned) if (p.input) p.input.related = p.input.related.map((q) => renamed.get(normalizeKey(q)) ?? q);

  // Unchanged rows: the stored FAQ already equals the row.
  for (const p of planned) {
    if (p.status !== "update" || !p.input || p.existingId === undefined) continue;
    const f = dbById.get(p.existingId)!;
    const stored: FaqSnapshot = snapshot({
      question: f.question,
      answer: f.answer,
      categoryName: f.categoryName,
      variants: f.variants.map((v) => v.text),
      keywords: f.keywords,
      related: f.relatedIds.map((id) => dbById.get(id)?.question ?? String(id)),
      enabled: f.enabled,
    });
    const incoming = snapshot({ ...p.input, categoryName: p.input.category });
    if (JSON.stringify(stored) === JSON.stringify(incoming)) p.status = "unchanged";
  }

  issues.sort((a, b) => a.row - b.row);
  return {
    ...rowImportPlan(
      fileName,
      table,
      planned.sort((a, b) => a.row - b.row),
      issues,
      false,
    ),
    newCategories: [...newCategories],
    // A rejected row takes nothing over (its moves were dropped above); a merged row is no longer a near one.
    notices: planned.flatMap((p) => [
      ...(p.moves?.map((m) => m.notice) ?? []),
      ...(p.nearPack && !p.mergedInto ? [nearPackNotice(issue, p.row, p.nearPack)] : []),
    ]),
  };
}

/** Writes the accepted rows of a plan in one transaction. */
export async function applyFaqImport(db: Db, opts: { workspaceId: number; userId: number | null; plan: ImportPlan }) {
  const { plan } = opts;
  if (plan.fatal) return plan.report;
  const work = plan.rows.filter((r) => (r.status === "create" || r.status === "update") && r.input);
  if (!work.length) return plan.report;
  await db.transaction(async (tx) => {
    for (const name of plan.newCategories) {
      const cats = await listCategories(tx, opts.workspaceId);
      if (!cats.some((c) => c.name === name)) await tx.insert(categories).values({ workspaceId: opts.workspaceId, name, position: cats.length });
    }
    const cats = await listCategories(tx, opts.workspaceId);
    const catId = new Map(cats.map((c) => [c.name, c.id]));
    // Pass 1: ids for new FAQs, so that related questions between new rows resolve.
    const idByKey = new Map<string, number>();
    const existing = await tx.select({ id: faqs.id, question: faqs.question }).from(faqs).where(eq(faqs.workspaceId, opts.workspaceId));
    for (const f of existing) idByKey.set(normalizeKey(f.question), f.id);
    const fresh = new Set<number>();
    for (const r of work) {
      if (r.status !== "create") continue;
      const [row] = await tx
        .insert(faqs)
        .values({
          workspaceId: opts.workspaceId,
          categoryId: catId.get(r.input!.category)!,
          question: r.input!.question,
          answer: r.input!.answer,
          updatedBy: opts.userId,
        })
        .returning({ id: faqs.id });
      idByKey.set(normalizeKey(r.input!.question), row.id);
      fresh.add(row.id);
    }
    // Phrasings that merchant rows take over from pack questions leave them first (audited there).
    const moves = new Map<number, string[]>();
    for (const r of work) for (const m of r.moves ?? []) moves.set(m.faqId, [...(moves.get(m.faqId) ?? []), m.text]);
    for (const [faqId, texts] of moves) await removeVariants(tx, { workspaceId: opts.workspaceId, userId: opts.userId, faqId, texts, packPhrasings: true });
    // Pass 2: the full write, with variants, relations and an audit entry per FAQ.
    for (const r of work) {
      const i = r.input!;
      const id = idByKey.get(normalizeKey(i.question))!;
      await writeFaq(tx, {
        workspaceId: opts.workspaceId,
        userId: opts.userId,
        id,
        fresh: fresh.has(id),
        action: "import",
        input: {
          question: i.question,
          answer: i.answer,
          categoryId: catId.get(i.category)!,
          variants: i.variants,
          keywords: i.keywords,
          relatedIds: i.related.map((q) => idByKey.get(normalizeKey(q))!).filter((x) => x !== undefined),
          enabled: i.enabled,
        },
      });
    }
    await writeAudit(tx, {
      workspaceId: opts.workspaceId,
      userId: opts.userId,
      entity: "import",
      action: "import",
      summary: plan.fileName,
      after: { created: plan.report.created, updated: plan.report.updated, unchanged: plan.report.unchanged, rejected: plan.report.rejected },
    });
  });
  return plan.report;
}

export async function importFaqFile(
  db: Db,
  opts: {
    workspaceId: number;
    userId: number | null;
    fileName: string;
    data: Uint8Array;
    dryRun?: boolean;
    createCategories?: boolean;
    merge?: readonly number[];
  },
) {
  const plan = await planFaqImport(db, opts);
  if (!opts.dryRun) await applyFaqImport(db, { workspaceId: opts.workspaceId, userId: opts.userId, plan });
  return plan;
}

export async function exportFaqRows(db: Db, workspaceId: number) {
  const kb = await loadKnowledgeBase(db, workspaceId);
  const questionById = new Map(kb.faqs.map((f) => [f.id, f.question]));
  const headers = [...FAQ_COLUMNS];
  const rows = kb.faqs.map((f) => [
    f.categoryName,
    f.question,
    f.variants.map((v) => v.text).join("\n"),
    f.answer,
    f.keywords.join("|"),
    f.relatedIds
      .map((id) => questionById.get(id) ?? "")
      .filter(Boolean)
      .join("\n"),
    f.enabled ? "是" : "否",
  ]);
  return { headers, rows };
}

export async function exportFaqFile(db: Db, opts: { workspaceId: number; fileName: string }): Promise<Buffer> {
  const { headers, rows } = await exportFaqRows(db, opts.workspaceId);
  const format = tableFormatOf(opts.fileName);
  if (format === "xlsx") return writeXlsx(headers, rows, "FAQ");
  if (format === "csv") return writeCsv(headers, rows);
  throw new KbError("FILE_TYPE", { file: opts.fileName, expected: ".csv, .xlsx" });
}

export async function countFaqs(db: Db, workspaceId: number) {
  const rows = await db.select({ id: faqs.id }).from(faqs).where(eq(faqs.workspaceId, workspaceId));
  return rows.length;
}
