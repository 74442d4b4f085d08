/**
 * Read a spreadsheet-like file (CSV in any supported encoding, or XLSX) into rows of strings,
 * and write rows back out. Row numbers are the ones a person sees in Excel: the header is
 * row 1, the first data row is row 2.
 */
import ExcelJS from "exceljs";
import Papa from "papaparse";

import { KbError } from "../errors";
import { decodeText, encodeText, type TextEncodingName } from "./decode";

export interface Table {
  headers: string[];
  /** Each data row with its spreadsheet row number (header = row 1). */
  rows: { row: number; cells: string[] }[];
  format: "csv" | "xlsx";
  encoding?: TextEncodingName;
}

export function tableFormatOf(fileName: string): "csv" | "xlsx" | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".csv") || lower.endsWith(".txt") || lower.endsWith(".tsv")) return "csv";
  if (lower.endsWith(".xlsx")) return "xlsx";
  return null;
}

function isBlank(cells: string[]) {
  return cells.every((c) => c.trim() === "");
}

export function parseCsv(buf: Uint8Array, fileName = "file.csv"): Table {
  const { text, encoding } = decodeText(buf);
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false, delimiter: fileName.toLowerCase().endsWith(".tsv") ? "\t" : "" });
  const serious = parsed.errors.find((e) => e.type === "Quotes");
  if (serious) {
    throw new KbError("FILE_MALFORMED", { file: fileName, detail: `row ${(serious.row ?? 0) + 1}: ${serious.message}` });
  }
  const all = parsed.data.map((cells) => cells.map((c) => (c ?? "").toString()));
  const headerIndex = all.findIndex((cells) => !isBlank(cells));
  if (headerIndex < 0) return { headers: [], rows: [], format: "csv", encoding };
  const headers = all[headerIndex].map((h) => h.trim());
  const rows: Table["rows"] = [];
  for (let i = headerIndex + 1; i < all.length; i++) {
    if (isBlank(all[i])) continue;
    rows.push({ row: i + 1, cells: all[i] });
  }
  return { headers, rows, format: "csv", encoding };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") {
    if ("richText" in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join("");
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("result" in value && value.result !== undefined) return cellText(value.result as ExcelJS.CellValue);
    if ("error" in value) return "";
  }
  return String(value);
}

export async function parseXlsx(buf: Uint8Array, fileName = "file.xlsx"): Promise<Table> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw new KbError("FILE_MALFORMED", { file: fileName, detail: `not a readable XLSX file: ${(e as Error).message}` });
  }
  const ws = wb.worksheets[0];
  if (!ws) return { headers: [], rows: [], format: "xlsx" };
  let headers: string[] | null = null;
  const rows: Table["rows"] = [];
  const width = ws.columnCount;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    if (isBlank(cells)) return;
    if (!headers) headers = cells.map((h) => h.trim());
    else rows.push({ row: rowNumber, cells });
  });
  return { headers: headers ?? [], rows, format: "xlsx" };
}

export async function readTable(buf: Uint8Array, fileName: string): Promise<Table> {
  const format = tableFormatOf(fileName);
  if (format === "xlsx") return parseXlsx(buf, fileName);
  if (format === "csv") return parseCsv(buf, fileName);
  throw new KbError("FILE_TYPE", { file: fileName, expected: ".csv, .xlsx" });
}

export function writeCsv(headers: string[], rows: string[][], encoding: "utf-8-bom" | "utf-8" | "gbk" = "utf-8-bom"): Buffer {
  // A BOM by default: Excel on Chinese Windows opens BOM-less UTF-8 CSV as GBK and garbles it.
  const text = Papa.unparse({ fields: headers, data: rows }, { newline: "\r\n" });
  return encodeText(text, encoding);
}

export async function writeXlsx(headers: string[], rows: string[][], sheetName = "Sheet1"): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(headers);
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((col) => {
    col.width = 24;
    col.alignment = { wrapText: true, vertical: "top" };
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
