/**
 * Read a spreadsheet-like file (CSV in any supported encoding, or XLSX) into rows of strings,
 * and write rows back out. Row numbers are the ones a person sees in Excel: the header is
 * row 1, the first data row is row 2.
 */
import ExcelJS from "exceljs";
import Papa from "papaparse";

import { type ErrorParams, KbError, type KbErrorCode } from "../errors";
import { BAD_LINE_MARK, decodeFile, encodeText, type TextEncodingName } from "./decode";

export interface Table {
  headers: string[];
  /** Each data row with its spreadsheet row number (header = row 1). */
  rows: { row: number; cells: string[] }[];
  /** Rows that cannot be read (another encoding than the rest of the file): reported by number, never guessed. */
  rejected: { row: number; code: KbErrorCode; params: ErrorParams }[];
  format: "csv" | "xlsx";
  encoding?: TextEncodingName;
  /** The worksheet that was read (XLSX). */
  sheet?: string;
}

/** Which worksheet holds the data: the first whose header the caller recognises. */
export type HeaderTest = (headers: string[]) => boolean;

export function tableFormatOf(fileName: string): "csv" | "xlsx" | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".csv") || lower.endsWith(".txt") || lower.endsWith(".tsv")) return "csv";
  if (lower.endsWith(".xlsx")) return "xlsx";
  return null;
}

function isBlank(cells: string[]) {
  return cells.every((c) => c.trim() === "");
}

/**
 * Cells that a spreadsheet would run as a formula (OWASP "CSV injection"): they leave the studio
 * prefixed with an apostrophe, which Excel and WPS show as nothing, and come back without it.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const ESCAPED_FORMULA = /^'(?=[=+\-@\t\r])/;

export function parseCsv(buf: Uint8Array, fileName = "file.csv"): Table {
  const { text, encoding } = decodeFile(buf, fileName);
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false, delimiter: fileName.toLowerCase().endsWith(".tsv") ? "\t" : "" });
  const serious = parsed.errors.find((e) => e.type === "Quotes");
  if (serious) {
    throw new KbError("FILE_MALFORMED", { file: fileName, detail: `row ${(serious.row ?? 0) + 1}: ${serious.message}` });
  }
  const all = parsed.data.map((cells) => cells.map((c) => (c ?? "").toString().replace(ESCAPED_FORMULA, "")));
  const headerIndex = all.findIndex((cells) => !isBlank(cells));
  if (headerIndex < 0) return { headers: [], rows: [], rejected: [], format: "csv", encoding };
  if (all[headerIndex].some((h) => h.includes(BAD_LINE_MARK))) throw new KbError("FILE_NOT_TEXT", { file: fileName, detail: "header row: unknown encoding" });
  const headers = all[headerIndex].map((h) => h.trim());
  const rows: Table["rows"] = [];
  const rejected: Table["rejected"] = [];
  for (let i = headerIndex + 1; i < all.length; i++) {
    if (isBlank(all[i])) continue;
    if (all[i].some((c) => c.includes(BAD_LINE_MARK))) rejected.push({ row: i + 1, code: "CELL_ENCODING", params: {} });
    else rows.push({ row: i + 1, cells: all[i] });
  }
  return { headers, rows, rejected, format: "csv", encoding };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") {
    if ("formula" in value || "sharedFormula" in value) {
      // A formula's cached value is what Excel shows; without one there is nothing to read.
      if ("result" in value && value.result !== undefined && value.result !== null) return cellText(value.result as ExcelJS.CellValue);
      throw new KbError("CELL_FORMULA");
    }
    if ("richText" in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join("");
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("result" in value && value.result !== undefined) return cellText(value.result as ExcelJS.CellValue);
    if ("error" in value) return "";
  }
  return String(value);
}

export async function parseXlsx(buf: Uint8Array, fileName = "file.xlsx", isHeader?: HeaderTest): Promise<Table> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw new KbError("FILE_MALFORMED", { file: fileName, detail: `not a readable XLSX file: ${(e as Error).message}` });
  }
  // The first sheet whose header the caller recognises, else the first with any data: a workbook
  // whose data is on its second sheet is read from there, and the report says which (issue 14 item 5).
  // A sheet that cannot be read only matters when it is the one chosen.
  const sheets = wb.worksheets.map((w) => {
    try {
      return { w, table: readSheet(w, fileName), error: null };
    } catch (error) {
      return { w, table: { headers: headerOf(w), rows: [], rejected: [], format: "xlsx" as const }, error };
    }
  });
  const pick = (isHeader && sheets.find((s) => s.table.headers.length && isHeader(s.table.headers))) || sheets.find((s) => s.table.headers.length);
  if (!pick) return { headers: [], rows: [], rejected: [], format: "xlsx", sheet: wb.worksheets[0]?.name };
  if (pick.error) throw pick.error;
  return { ...pick.table, sheet: pick.w.name };
}

/** The first non-blank row of a sheet, read leniently (formulas without a value count as blank). */
function headerOf(ws: ExcelJS.Worksheet): string[] {
  for (let r = 1; r <= ws.rowCount; r++) {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      try {
        cells.push(cellText(ws.getRow(r).getCell(c).value).trim());
      } catch {
        cells.push("");
      }
    }
    if (!isBlank(cells)) return cells;
  }
  return [];
}

function readSheet(ws: ExcelJS.Worksheet, fileName: string): Table {
  let headers: string[] | null = null;
  const rows: Table["rows"] = [];
  const width = ws.columnCount;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      try {
        cells.push(cellText(row.getCell(c).value).replace(ESCAPED_FORMULA, ""));
      } catch (e) {
        if (!(e instanceof KbError)) throw e;
        const column = headers?.[c - 1] || `#${c}`;
        throw new KbError("FILE_MALFORMED", { file: fileName, detail: `第 ${rowNumber} 行「${column}」：${e.messageIn("zh-CN")}` });
      }
    }
    if (isBlank(cells)) return;
    if (!headers) headers = cells.map((h) => h.trim());
    else rows.push({ row: rowNumber, cells });
  });
  return { headers: headers ?? [], rows, rejected: [], format: "xlsx" };
}

export async function readTable(buf: Uint8Array, fileName: string, isHeader?: HeaderTest): Promise<Table> {
  const format = tableFormatOf(fileName);
  if (format === "xlsx") return parseXlsx(buf, fileName, isHeader);
  if (format === "csv") return parseCsv(buf, fileName);
  throw new KbError("FILE_TYPE", { file: fileName, expected: ".csv, .xlsx" });
}

export function writeCsv(headers: string[], rows: string[][], encoding: "utf-8-bom" | "utf-8" | "gbk" = "utf-8-bom"): Buffer {
  // A BOM by default: Excel on Chinese Windows opens BOM-less UTF-8 CSV as GBK and garbles it.
  const text = Papa.unparse({ fields: headers, data: rows }, { newline: "\r\n", escapeFormulae: FORMULA_START });
  return encodeText(text, encoding);
}

export async function writeXlsx(headers: string[], rows: string[][], sheetName = "Sheet1"): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(headers);
  ws.getRow(1).font = { bold: true };
  // A string cell is never run as a formula in XLSX: no escaping needed (unlike CSV).
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((col) => {
    col.width = 24;
    col.alignment = { wrapText: true, vertical: "top" };
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
