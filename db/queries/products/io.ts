/**
 * Catalogue import and export (CSV in UTF-8 / GBK …, or XLSX; read by training/io/table.ts like
 * the FAQ import). Columns: 商品ID, 标题 (required), 类目, 价格带, 链接, 图片, 在售, 尺码表, then
 * one column per attribute (材质, 颜色 …). Planned first (every problem by row, column and error
 * code, nothing written), then written in one transaction; re-importing a file changes nothing.
 *
 * As in the FAQ import, a column the file does not have leaves that field of an existing product
 * alone (an attribute column absent keeps the attribute); an empty cell in a present column clears it.
 */
import type { ErrorParams, KbErrorCode } from "../../../training/errors";
import { tableFormatOf, writeCsv, writeXlsx } from "../../../training/io/table";
import { normalizeText } from "../../../training/normalize";
import { formatSizeChart, parseSizeChart, type ProductFacts } from "../../../training/products";
import type { Db } from "../../client";
import { writeAudit } from "../audit";
import {
  headerIssues,
  type ImportIssue,
  importIssueFor,
  type ImportReport,
  parseEnabled,
  readImportTable,
  type RowImportPlan,
  rowImportPlan,
  type RowStatus,
  undecodedRows,
} from "../faq-io";
import { loadProductFacts, type ProductInput, productTextFacts, sameProduct, writeProduct } from "./catalogue";

export const MAX_PRODUCT_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_ATTRIBUTE_COLUMNS = 50;
const MAX_ID = 64;
const MAX_TITLE = 200;
const MAX_VALUE = 500;
const MAX_URL = 1000;

export const PRODUCT_COLUMNS = ["商品ID", "标题", "类目", "价格带", "链接", "图片", "在售", "尺码表"] as const;
type Column = (typeof PRODUCT_COLUMNS)[number];
const REQUIRED: Column[] = ["商品ID", "标题"];
const ALIASES: Record<Column, string[]> = {
  商品ID: ["商品id", "商品编号", "宝贝id", "商品 id", "product id", "id"],
  标题: ["标题", "商品标题", "商品名称", "宝贝标题", "title"],
  类目: ["类目", "商品类目", "分类", "category"],
  价格带: ["价格带", "价格", "价格区间", "price"],
  链接: ["链接", "商品链接", "宝贝链接", "link", "url"],
  图片: ["图片", "主图", "图片链接", "image"],
  在售: ["在售", "上架", "在售状态", "on sale"],
  尺码表: ["尺码表", "尺码推荐", "size chart"],
};

export interface PlannedProduct {
  row: number;
  status: RowStatus;
  externalId: string;
  title: string;
  attributeCount: number;
  input?: ProductInput;
}

export interface ProductImportPlan extends RowImportPlan<PlannedProduct> {
  /** The attribute columns of the file, in order. */
  attributeColumns: string[];
}

function headerKey(h: string) {
  return normalizeText(h).replace(/\s+/g, " ");
}

function headerIndex(headers: string[]) {
  const idx = new Map<Column, number>();
  const duplicates: string[] = [];
  const taken = new Set<number>();
  for (const col of PRODUCT_COLUMNS) {
    const found = headers.flatMap((h, i) => (ALIASES[col].includes(headerKey(h)) ? [i] : []));
    if (found.length) idx.set(col, found[0]);
    if (found.length > 1) duplicates.push(col);
    for (const i of found) taken.add(i);
  }
  const attributes: { key: string; index: number }[] = [];
  const seen = new Set<string>();
  headers.forEach((h, i) => {
    const key = h.trim();
    if (taken.has(i) || !key) return;
    if (seen.has(key)) duplicates.push(key);
    else attributes.push({ key, index: i });
    seen.add(key);
  });
  return { idx, attributes, duplicates };
}

function validUrl(v: string) {
  try {
    const u = new URL(v);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

export async function planProductImport(db: Db, opts: { workspaceId: number; fileName: string; data: Uint8Array }): Promise<ProductImportPlan> {
  const { fileName } = opts;
  const issues: ImportIssue[] = [];
  const issue = importIssueFor(fileName);
  const rejectedRow = (row: number): PlannedProduct => ({ row, status: "rejected", externalId: "", title: "", attributeCount: 0 });
  const read = await readImportTable({
    fileName,
    data: opts.data,
    maxBytes: MAX_PRODUCT_IMPORT_BYTES,
    isHeader: (headers) => REQUIRED.every((c) => headerIndex(headers).idx.has(c)),
  });
  if ("issue" in read) return { ...rowImportPlan(fileName, null, [], [read.issue], true), attributeColumns: [] };
  const { table } = read;
  const { idx, attributes, duplicates } = headerIndex(table.headers);
  const missing = REQUIRED.filter((c) => !idx.has(c));
  if (missing.length || duplicates.length || attributes.length > MAX_ATTRIBUTE_COLUMNS) {
    issues.push(...headerIssues(fileName, missing, duplicates));
    if (attributes.length > MAX_ATTRIBUTE_COLUMNS)
      issues.push(issue(1, null, "PRODUCT_TOO_MANY_ATTRIBUTES", { max: MAX_ATTRIBUTE_COLUMNS, count: attributes.length }));
    const rows = table.rows.map((r) => rejectedRow(r.row));
    return { ...rowImportPlan(fileName, table, rows, issues, true), attributeColumns: attributes.map((a) => a.key) };
  }

  const existing = new Map((await loadProductFacts(db, opts.workspaceId)).map((p) => [p.externalId, p]));
  const planned = undecodedRows(fileName, table, issues, rejectedRow);
  const seen = new Map<string, number>();
  const fileKeys = new Set(attributes.map((a) => a.key));
  for (const r of table.rows) {
    const rowIssues: ImportIssue[] = [];
    const err = (column: string, code: KbErrorCode, params: ErrorParams = {}) => rowIssues.push(issue(r.row, column, code, params));
    const cell = (col: Column) => {
      const i = idx.get(col);
      return i === undefined ? undefined : (r.cells[i] ?? "").trim();
    };
    const externalId = cell("商品ID") ?? "";
    const target = existing.get(externalId);
    const keep = <T>(v: string | undefined, parse: (s: string) => T, fallback: T): T => (v === undefined ? fallback : parse(v));
    const title = cell("标题") ?? "";
    if (!externalId) err("商品ID", "PRODUCT_ID_EMPTY");
    else if (externalId.length > MAX_ID) err("商品ID", "CELL_TOO_LONG", { max: MAX_ID });
    else if (seen.has(externalId)) err("商品ID", "PRODUCT_DUPLICATE_ROW", { other: seen.get(externalId)! });
    if (!title) err("标题", "PRODUCT_TITLE_EMPTY");
    else if (title.length > MAX_TITLE) err("标题", "CELL_TOO_LONG", { max: MAX_TITLE });
    const text = (col: Column, fallback: string, max = MAX_VALUE) => {
      const v = cell(col);
      if (v !== undefined && v.length > max) err(col, "CELL_TOO_LONG", { max });
      return v ?? fallback;
    };
    const category = text("类目", target?.category ?? "");
    const priceBand = text("价格带", target?.priceBand ?? "");
    const link = text("链接", target?.link ?? "", MAX_URL);
    const imageUrl = text("图片", target?.imageUrl ?? "", MAX_URL);
    if (cell("链接") && !validUrl(link)) err("链接", "PRODUCT_URL_INVALID", { value: link.slice(0, 60) });
    if (cell("图片") && !validUrl(imageUrl)) err("图片", "PRODUCT_URL_INVALID", { value: imageUrl.slice(0, 60) });
    const onSale = keep(cell("在售"), parseEnabled, target?.onSale ?? true);
    if (onSale === null) err("在售", "IMPORT_ENABLED_INVALID", { value: cell("在售")! });
    let sizeChart = target?.sizeChart ?? [];
    const chartCell = cell("尺码表");
    if (chartCell !== undefined) {
      const parsed = parseSizeChart(chartCell);
      for (const bad of parsed.bad) err("尺码表", "PRODUCT_SIZE_CHART_INVALID", { text: bad.slice(0, 40) });
      sizeChart = parsed.rows;
    }
    // Attributes: the file's columns in file order, then the ones the file does not mention.
    const attrs: { key: string; value: string }[] = [];
    for (const a of attributes) {
      const value = (r.cells[a.index] ?? "").trim();
      if (value.length > MAX_VALUE) err(a.key, "CELL_TOO_LONG", { max: MAX_VALUE });
      if (value) attrs.push({ key: a.key, value });
    }
    for (const a of target?.attributes ?? []) if (!fileKeys.has(a.key)) attrs.push(a);

    const base = { row: r.row, externalId, title, attributeCount: attrs.length };
    if (rowIssues.length) {
      issues.push(...rowIssues);
      planned.push({ ...base, status: "rejected" });
      continue;
    }
    seen.set(externalId, r.row);
    const input: ProductInput = { externalId, title, category, priceBand, link, imageUrl, onSale: onSale!, attributes: attrs, sizeChart };
    const status: RowStatus = !target ? "create" : sameProduct(target, input) ? "unchanged" : "update";
    planned.push({ ...base, status, ...(status === "unchanged" ? {} : { input }) });
  }
  planned.sort((a, b) => a.row - b.row);
  return { ...rowImportPlan(fileName, table, planned, issues, false), attributeColumns: attributes.map((a) => a.key) };
}

/** Writes the accepted rows of a plan in one transaction (all or nothing), with one audit entry. */
export async function applyProductImport(
  db: Db,
  opts: { workspaceId: number; userId: number | null; plan: ProductImportPlan; onProgress?: (done: number, total: number) => void },
): Promise<ImportReport> {
  const { plan } = opts;
  if (plan.fatal) return plan.report;
  const work = plan.rows.filter((r) => r.input);
  if (!work.length) return plan.report;
  await db.transaction(async (tx) => {
    let done = 0;
    for (const r of work) {
      await writeProduct(tx, opts.workspaceId, r.input!);
      if (++done % 200 === 0) opts.onProgress?.(done, work.length);
    }
    await writeAudit(tx, {
      workspaceId: opts.workspaceId,
      userId: opts.userId,
      entity: "product_catalogue",
      action: "import",
      summary: plan.fileName,
      after: { created: plan.report.created, updated: plan.report.updated, unchanged: plan.report.unchanged, rejected: plan.report.rejected },
    });
  });
  if (work.length % 200) opts.onProgress?.(work.length, work.length);
  return plan.report;
}

export async function importProductFile(
  db: Db,
  opts: {
    workspaceId: number;
    userId: number | null;
    fileName: string;
    data: Uint8Array;
    dryRun?: boolean;
    onProgress?: (done: number, total: number) => void;
  },
) {
  const plan = await planProductImport(db, opts);
  if (!opts.dryRun) await applyProductImport(db, { workspaceId: opts.workspaceId, userId: opts.userId, plan, onProgress: opts.onProgress });
  return plan;
}

/** The catalogue as rows of the import's columns (a round trip re-imports as unchanged). */
export function productRows(catalogue: ProductFacts[]) {
  const keys: string[] = [];
  for (const p of catalogue) for (const a of p.attributes) if (!keys.includes(a.key)) keys.push(a.key);
  const headers = [...PRODUCT_COLUMNS, ...keys];
  const rows = catalogue.map((p) => {
    const value = new Map(p.attributes.map((a) => [a.key, a.value]));
    return [...productTextFacts(p), p.onSale ? "是" : "否", formatSizeChart(p.sizeChart), ...keys.map((k) => value.get(k) ?? "")];
  });
  return { headers, rows };
}

export async function exportProductFile(db: Db, opts: { workspaceId: number; fileName: string }): Promise<Buffer> {
  const { headers, rows } = productRows(await loadProductFacts(db, opts.workspaceId));
  return tableFormatOf(opts.fileName) === "xlsx" ? writeXlsx(headers, rows, "商品") : writeCsv(headers, rows);
}
