/**
 * Read a chat-log export (CSV, XLSX, JSONL or Qianniu plain text, in UTF-8 / UTF-8 BOM / GBK /
 * GB18030) into RawTurn and RejectedRow items, in chunks, so a 200k-turn file streams through
 * the cleaner with progress. No row is dropped silently: a row that cannot become a turn comes
 * out as a RejectedRow with its row number and the reason (issue 4).
 */
import { KbError } from "../errors";
import { BAD_LINE_MARK, decodeFile } from "../io/decode";
import { parseXlsx } from "../io/table";
import { readCsvRecords, sniffDelimiter } from "./csv";
import { guessMapping, mapRole } from "./mapping";
import { type ParsedTime, parseTime } from "./time";
import type { ColumnMapping, LogFormat, LogItem, RawTurn, RejectedRow, TurnRole } from "./types";

export interface ParseOptions {
  /** Skip detection. */
  format?: LogFormat;
  /** CSV/XLSX column names (or JSONL keys); fields given here override the guess. */
  mapping?: ColumnMapping;
  /** Plain text: nicknames of the shop's own accounts besides "shop:sub-account" ones. */
  agentNicknames?: string[];
  /** Plain text: nicknames of the shop's auto-reply bot. */
  botNicknames?: string[];
  /** Plain text: a pause longer than this starts a new session (default 30). */
  sessionGapMinutes?: number;
  /** Session id for CSV/XLSX/JSONL files that have no session column (default: the file name). */
  defaultSessionId?: string;
  /** Items per yielded chunk (default 1000). */
  chunkSize?: number;
  /**
   * Called after every chunk. `totalEstimate` is the row count for XLSX and the line count for
   * text formats (an upper bound); `fraction` runs from 0 to 1 over the input.
   */
  onProgress?: (rowsDone: number, totalEstimate: number, fraction: number) => void;
}

const QIANNIU_HEADER_RE = /^(\d{4}[-/]\d{1,2}[-/]\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?)\s+(.+?)\s*[:：]\s*$/;
const QIANNIU_HEADER_NICK_FIRST_RE = /^(\S.*?)\s+(\d{4}[-/]\d{1,2}[-/]\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?)\s*$/;

function extOf(fileName: string) {
  const m = /\.([a-z0-9]+)$/i.exec(fileName);
  return m ? m[1].toLowerCase() : "";
}

function sniffText(buf: Uint8Array, fileName: string): string {
  // Cut after a "\n": in UTF-8 and GBK that byte is never part of a multi-byte character, so the
  // sample decodes the same way as the whole file would.
  let slice = buf.subarray(0, 64 * 1024);
  if (buf.length > slice.length) {
    const nl = slice.lastIndexOf(0x0a);
    if (nl > 0) slice = slice.subarray(0, nl + 1);
  }
  return decodeFile(slice, fileName).text;
}

/** The format of an uploaded file, from its name and its first bytes; null when unsupported. */
export function detectFormat(fileName: string, buf: Uint8Array): LogFormat | null {
  if (buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) return "xlsx";
  const ext = extOf(fileName);
  if (ext === "xlsx") return "xlsx";
  if (ext === "xls") return null; // the old binary format; ask for xlsx or csv
  if (ext === "jsonl" || ext === "ndjson") return "jsonl";
  if (ext === "csv" || ext === "tsv") return "csv";
  const lines = sniffText(buf, fileName)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 20);
  if (!lines.length) return ext === "txt" ? "qianniu" : null;
  if (lines[0].startsWith("{")) return "jsonl";
  if (lines.some((l) => QIANNIU_HEADER_RE.test(l) || QIANNIU_HEADER_NICK_FIRST_RE.test(l))) return "qianniu";
  const mapping = guessMapping(lines[0].split(lines[0].includes("\t") ? "\t" : ","));
  if (mapping.text && mapping.role) return "csv";
  if (ext === "json") return "jsonl";
  return null;
}

function cleanCell(s: string | undefined) {
  return (s ?? "").replace(/\r\n?/g, "\n").trim();
}

const ENCODING_REJECTED = "this row is in another encoding than the rest of the file";

/** Longest message and session id a log turn may have: longer ones are rejected and reported, never stored (issue 14 item 6). */
export const MAX_LOG_MESSAGE_LENGTH = 5000;
export const MAX_LOG_SESSION_LENGTH = 200;

/** The limits every format shares, applied where turns leave the parser. */
function checked(raw: LogItem): LogItem {
  if (raw.kind !== "turn") return raw;
  const reject = (message: string): RejectedRow => ({
    kind: "rejected",
    row: raw.row,
    line: raw.line,
    message,
    raw: short(raw.text.replace(BAD_LINE_MARK, "")),
  });
  // A line in another encoding than the rest of the file is rejected by number, not stored garbled.
  if (raw.text.includes(BAD_LINE_MARK) || raw.sessionId.includes(BAD_LINE_MARK) || raw.nickname?.includes(BAD_LINE_MARK)) return reject(ENCODING_REJECTED);
  if (raw.text.length > MAX_LOG_MESSAGE_LENGTH) return reject(`message longer than ${MAX_LOG_MESSAGE_LENGTH} characters (${raw.text.length})`);
  if (raw.sessionId.length > MAX_LOG_SESSION_LENGTH) return reject(`session id longer than ${MAX_LOG_SESSION_LENGTH} characters (${raw.sessionId.length})`);
  return raw;
}

function short(s: string) {
  return s.length > 120 ? s.slice(0, 120) + "…" : s;
}

interface ResolvedColumns {
  session: number;
  role: number;
  text: number;
  time: number;
}

/** Merge the guess with the override and find the columns; throws when role or text is missing. */
export function resolveColumns(headers: string[], override: ColumnMapping | undefined, fileName: string): ResolvedColumns {
  const mapping = { ...guessMapping(headers), ...stripEmpty(override) };
  const trimmed = headers.map((h) => h.replace(/^\ufeff/, "").trim());
  const find = (field: keyof ColumnMapping) => {
    const name = mapping[field];
    if (!name) return -1;
    const idx = trimmed.indexOf(name.trim());
    if (idx < 0) {
      throw new KbError("LOG_COLUMN_NOT_IN_HEADER", { file: fileName, column: name, field, header: trimmed.join(", ") });
    }
    return idx;
  };
  const cols = { session: find("session"), role: find("role"), text: find("text"), time: find("time") };
  const missing = (["role", "text"] as const).filter((f) => cols[f] < 0);
  if (missing.length) {
    throw new KbError("LOG_COLUMNS_UNKNOWN", { file: fileName, missing: missing.join(" / "), header: trimmed.join(", ") });
  }
  return cols;
}

function stripEmpty(m: ColumnMapping | undefined): ColumnMapping {
  const out: ColumnMapping = {};
  for (const [k, v] of Object.entries(m ?? {})) if (v && v.trim()) out[k as keyof ColumnMapping] = v.trim();
  return out;
}

interface FieldValues {
  session: string | undefined;
  role: string;
  text: string;
  time: string;
}

/** Shared row check for table-like sources; every problem of the row goes into one message. */
function toTurn(v: FieldValues, row: number, line: number | undefined, defaultSession: string, timeOpts: { zoneIsWallClock?: boolean }): RawTurn | RejectedRow {
  const problems: string[] = [];
  const text = cleanCell(v.text);
  if (!text) problems.push("missing text");
  const roleRaw = v.role.trim();
  let role: TurnRole | null = null;
  if (!roleRaw) problems.push("missing role");
  else {
    role = mapRole(roleRaw);
    if (!role) problems.push(`unknown role value "${short(roleRaw)}"`);
  }
  let sessionId = defaultSession;
  if (v.session !== undefined) {
    sessionId = v.session.trim();
    if (!sessionId) problems.push("missing session id");
  }
  let parsed: ParsedTime | null = null;
  const timeRaw = v.time.trim();
  if (timeRaw) {
    parsed = parseTime(timeRaw, timeOpts);
    if (!parsed) problems.push(`unparseable time "${short(timeRaw)}"`);
  }
  if (problems.length || !role) {
    return { kind: "rejected", row, line, message: problems.join("; "), raw: short([v.session ?? "", v.time, v.role, v.text].join(" | ")) };
  }
  return { kind: "turn", row, line, sessionId, role, text, time: parsed?.time ?? null, timeMs: parsed?.timeMs ?? null };
}

function cellsToValues(cells: string[], cols: ResolvedColumns): FieldValues {
  return {
    session: cols.session >= 0 ? (cells[cols.session] ?? "") : undefined,
    role: cells[cols.role] ?? "",
    text: cells[cols.text] ?? "",
    time: cols.time >= 0 ? (cells[cols.time] ?? "") : "",
  };
}

function countLines(text: string) {
  let n = 1;
  let i = -1;
  while ((i = text.indexOf("\n", i + 1)) >= 0) n++;
  return n;
}

function* csvItems(text: string, fileName: string, opts: ParseOptions, progress: { total: number; fraction: number }): Generator<LogItem> {
  const delimiter = extOf(fileName) === "tsv" ? "\t" : sniffDelimiter(text);
  const records = readCsvRecords(text, delimiter);
  let cols: ResolvedColumns | null = null;
  let width = 0;
  const defaultSession = opts.defaultSessionId ?? fileName;
  progress.total = countLines(text);
  for (const rec of records) {
    progress.fraction = text.length ? rec.end / text.length : 1;
    if (!cols) {
      if (rec.error) throw new KbError("FILE_MALFORMED", { file: fileName, detail: `header row ${rec.row}: ${rec.error}` });
      if (rec.cells.every((c) => !c.trim())) continue;
      cols = resolveColumns(rec.cells, opts.mapping, fileName);
      width = rec.cells.length;
      continue;
    }
    if (rec.error) {
      yield { kind: "rejected", row: rec.row, line: rec.line, message: `malformed CSV row: ${rec.error}`, raw: rec.raw };
      continue;
    }
    if (rec.cells.every((c) => !c.trim())) continue; // blank line: not a row
    if (rec.cells.some((c) => c.includes(BAD_LINE_MARK))) {
      yield { kind: "rejected", row: rec.row, line: rec.line, message: ENCODING_REJECTED, raw: short(rec.cells.join(",").replace(BAD_LINE_MARK, "")) };
      continue;
    }
    if (rec.cells.length < width) {
      yield {
        kind: "rejected",
        row: rec.row,
        line: rec.line,
        message: `broken row: ${rec.cells.length} columns, the header has ${width}`,
        raw: short(rec.cells.join(",")),
      };
      continue;
    }
    if (rec.cells.slice(width).some((c) => c.trim())) {
      yield {
        kind: "rejected",
        row: rec.row,
        line: rec.line,
        message: `broken row: ${rec.cells.length} columns, the header has ${width} (an unquoted comma in the text?)`,
        raw: short(rec.cells.join(",")),
      };
      continue;
    }
    yield toTurn(cellsToValues(rec.cells, cols), rec.row, rec.line, defaultSession, {});
  }
  if (!cols) throw new KbError("FILE_EMPTY", { file: fileName });
}

const JSON_KEYS = {
  session: ["sessionId", "session_id", "session", "conversationId", "conversation_id"],
  role: ["role", "sender", "speaker", "from"],
  text: ["text", "content", "message", "msg"],
  time: ["time", "timestamp", "ts", "createdAt", "created_at"],
};

function jsonField(obj: Record<string, unknown>, keys: string[]): { present: boolean; value: string } {
  for (const k of keys) {
    if (k in obj && obj[k] !== null && obj[k] !== undefined) {
      const v = obj[k];
      return { present: true, value: typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v) };
    }
  }
  return { present: false, value: "" };
}

function* jsonlItems(text: string, fileName: string, opts: ParseOptions, progress: { total: number; fraction: number }): Generator<LogItem> {
  const m = stripEmpty(opts.mapping);
  const keys = {
    session: m.session ? [m.session] : JSON_KEYS.session,
    role: m.role ? [m.role] : JSON_KEYS.role,
    text: m.text ? [m.text] : JSON_KEYS.text,
    time: m.time ? [m.time] : JSON_KEYS.time,
  };
  progress.total = countLines(text);
  let lineNo = 0;
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let pos = start;
  while (pos < text.length) {
    lineNo++;
    const nl = text.indexOf("\n", pos);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(pos, end).trim();
    pos = end + 1;
    progress.fraction = Math.min(1, pos / text.length);
    if (!line) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      yield { kind: "rejected", row: lineNo, line: lineNo, message: `malformed JSON (${(e as Error).message})`, raw: short(line) };
      continue;
    }
    if (!obj || typeof obj !== "object" || Array.isArray(obj)) {
      yield { kind: "rejected", row: lineNo, line: lineNo, message: "not a JSON object", raw: short(line) };
      continue;
    }
    const o = obj as Record<string, unknown>;
    const session = jsonField(o, keys.session);
    yield toTurn(
      {
        session: session.present ? session.value : opts.defaultSessionId ? undefined : "",
        role: jsonField(o, keys.role).value,
        text: jsonField(o, keys.text).value,
        time: jsonField(o, keys.time).value,
      },
      lineNo,
      lineNo,
      opts.defaultSessionId ?? fileName,
      {},
    );
  }
}

const BOT_NICK_RE = /机器人|小蜜|自动回复|智能客服/;
const SYSTEM_NICKS = new Set(["系统", "系统消息", "系统通知", "system"]);

/** Plain text: who is talking, from the nickname alone. */
export function roleFromNickname(nick: string, opts: Pick<ParseOptions, "agentNicknames" | "botNicknames">): TurnRole {
  const n = nick.trim();
  if (SYSTEM_NICKS.has(n.toLowerCase())) return "system";
  if (opts.botNicknames?.includes(n)) return "bot";
  const isShop = /[:：]/.test(n) || !!opts.agentNicknames?.includes(n);
  if (isShop) {
    const sub = n.split(/[:：]/).pop() ?? "";
    return BOT_NICK_RE.test(sub) ? "bot" : "agent";
  }
  return "customer";
}

function* qianniuItems(text: string, _fileName: string, opts: ParseOptions, progress: { total: number; fraction: number }): Generator<LogItem> {
  const gapMs = (opts.sessionGapMinutes ?? 30) * 60_000;
  const lines = text.replace(/^\ufeff/, "").split(/\r?\n/);
  progress.total = lines.length;
  // One style per file: the first header line decides whether the time or the nickname comes first.
  let nickFirst: boolean | null = null;
  const header = (line: string): { time: string; nick: string } | null => {
    if (nickFirst !== true) {
      const m = QIANNIU_HEADER_RE.exec(line);
      if (m) {
        nickFirst = false;
        return { time: m[1], nick: m[2].trim() };
      }
    }
    if (nickFirst !== false) {
      const m = QIANNIU_HEADER_NICK_FIRST_RE.exec(line);
      if (m) {
        nickFirst = true;
        return { time: m[2], nick: m[1].trim().replace(/[:：]$/, "") };
      }
    }
    return null;
  };

  const sessions = new Map<string, { id: string; lastMs: number }>();
  let currentCustomer: string | null = null;
  const AGENT_ONLY = "(客服)";

  const sessionOf = (owner: string, t: ParsedTime): string => {
    const s = sessions.get(owner);
    if (s && t.timeMs - s.lastMs <= gapMs) {
      s.lastMs = Math.max(s.lastMs, t.timeMs);
      return s.id;
    }
    const id = `${owner}@${t.time}`;
    sessions.set(owner, { id, lastMs: t.timeMs });
    return id;
  };
  const alive = (owner: string | null, t: ParsedTime) => {
    const s = owner ? sessions.get(owner) : undefined;
    return !!s && t.timeMs - s.lastMs <= gapMs;
  };

  // Shop-side turns after a pause (a bot greeting, a payment notice) usually open the next
  // customer's conversation, so they wait here until we know who speaks next.
  let pending: LogItem[] = [];
  const flushPending = (owner: string | null) => {
    const out = pending;
    pending = [];
    for (const it of out) {
      if (it.kind === "turn") it.sessionId = sessionOf(owner ?? AGENT_ONLY, { time: it.time!, timeMs: it.timeMs! });
    }
    return out;
  };
  const firstPendingTurn = () => pending.find((p): p is RawTurn => p.kind === "turn");

  let i = 0;
  while (i < lines.length) {
    const h = header(lines[i].trim());
    progress.fraction = lines.length ? i / lines.length : 1;
    if (!h) {
      if (lines[i].trim()) {
        const rej: RejectedRow = {
          kind: "rejected",
          row: i + 1,
          line: i + 1,
          message: "text outside a message (no 'time nickname:' line above it)",
          raw: short(lines[i].trim()),
        };
        if (pending.length) pending.push(rej);
        else yield rej;
      }
      i++;
      continue;
    }
    const headerLine = i + 1;
    const body: string[] = [];
    i++;
    while (i < lines.length && !header(lines[i].trim())) body.push(lines[i++]);
    const msg = body.join("\n").trim();
    const t = parseTime(h.time.replace(/\//g, "-"));
    const problems: string[] = [];
    if (!msg) problems.push("missing text");
    if (!t) problems.push(`unparseable time "${h.time}"`);
    if (problems.length || !t) {
      const rej: RejectedRow = { kind: "rejected", row: headerLine, line: headerLine, message: problems.join("; "), raw: short(`${h.time} ${h.nick}: ${msg}`) };
      if (pending.length) pending.push(rej);
      else yield rej;
      continue;
    }
    const role = roleFromNickname(h.nick, opts);
    const turn: RawTurn = { kind: "turn", row: headerLine, line: headerLine, sessionId: "", role, text: msg, time: t.time, timeMs: t.timeMs, nickname: h.nick };
    if (role === "customer") {
      const first = firstPendingTurn();
      if (first && t.timeMs - first.timeMs! <= gapMs) {
        // The waiting shop turns open this customer's session.
        const sid = sessionOf(h.nick, { time: first.time!, timeMs: first.timeMs! });
        for (const it of pending) if (it.kind === "turn") it.sessionId = sid;
        yield* pending;
        pending = [];
      } else if (pending.length) {
        yield* flushPending(currentCustomer);
      }
      currentCustomer = h.nick;
      turn.sessionId = sessionOf(h.nick, t);
      yield turn;
    } else if (!pending.length && alive(currentCustomer, t)) {
      turn.sessionId = sessionOf(currentCustomer!, t);
      yield turn;
    } else {
      const first = firstPendingTurn();
      // A shop turn long after the other waiting ones: those belonged to the previous customer.
      if (first && t.timeMs - first.timeMs! > gapMs) yield* flushPending(currentCustomer);
      pending.push(turn);
    }
  }
  if (pending.length) yield* flushPending(currentCustomer);
  progress.fraction = 1;
}

async function* xlsxItems(buf: Uint8Array, fileName: string, opts: ParseOptions, progress: { total: number; fraction: number }): AsyncGenerator<LogItem> {
  // The first sheet whose header names a text column (issue 14 item 5).
  const table = await parseXlsx(buf, fileName, (h) => guessMapping(h).text !== undefined);
  if (!table.headers.length) throw new KbError("FILE_EMPTY", { file: fileName });
  const cols = resolveColumns(table.headers, opts.mapping, fileName);
  progress.total = table.rows.length;
  const defaultSession = opts.defaultSessionId ?? fileName;
  let k = 0;
  for (const r of table.rows) {
    progress.fraction = ++k / table.rows.length;
    yield toTurn(cellsToValues(r.cells, cols), r.row, undefined, defaultSession, { zoneIsWallClock: true });
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Parse a log file into chunks of RawTurn | RejectedRow, in file order. Throws KbError only for
 * file-level problems (unsupported type, no role/text column, unreadable header).
 */
/** What a chat-log file may be, for error messages. */
export const LOG_FILE_TYPES = ".csv, .xlsx, .jsonl, 千牛 .txt";

export async function* parseLogFile(buf: Uint8Array, fileName: string, opts: ParseOptions = {}): AsyncGenerator<LogItem[]> {
  const format = opts.format ?? detectFormat(fileName, buf);
  if (!format) throw new KbError("FILE_TYPE", { file: fileName, expected: LOG_FILE_TYPES });
  const chunkSize = Math.max(1, opts.chunkSize ?? 1000);
  const progress = { total: 0, fraction: 0 };
  let source: Iterable<LogItem> | AsyncIterable<LogItem>;
  if (format === "xlsx") source = xlsxItems(buf, fileName, opts, progress);
  else {
    const { text } = decodeFile(buf, fileName);
    if (format === "csv") source = csvItems(text, fileName, opts, progress);
    else if (format === "jsonl") source = jsonlItems(text, fileName, opts, progress);
    else source = qianniuItems(text, fileName, opts, progress);
  }
  let chunk: LogItem[] = [];
  let done = 0;
  for await (const raw of source) {
    const item = checked(raw);
    chunk.push(item);
    if (chunk.length >= chunkSize) {
      done += chunk.length;
      opts.onProgress?.(done, Math.max(done, progress.total), progress.fraction);
      yield chunk;
      chunk = [];
      await tick(); // let a server answer other requests during a 200k-row import
    }
  }
  done += chunk.length;
  opts.onProgress?.(done, done, 1);
  if (chunk.length) yield chunk;
}

/** Convenience for small files and tests: all items in one array. */
export async function parseLogFileAll(buf: Uint8Array, fileName: string, opts: ParseOptions = {}): Promise<LogItem[]> {
  const out: LogItem[] = [];
  for await (const chunk of parseLogFile(buf, fileName, opts)) for (const it of chunk) out.push(it);
  return out;
}

/** Headers, the guessed mapping and a few rows, so the UI can ask the trainer to confirm columns. */
export async function previewLogFile(
  buf: Uint8Array,
  fileName: string,
  maxRows = 5,
): Promise<{ format: LogFormat | null; headers: string[]; mapping: ColumnMapping; rows: string[][] }> {
  const format = detectFormat(fileName, buf);
  if (format === "xlsx") {
    const t = await parseXlsx(buf, fileName, (h) => guessMapping(h).text !== undefined);
    return { format, headers: t.headers, mapping: guessMapping(t.headers), rows: t.rows.slice(0, maxRows).map((r) => r.cells) };
  }
  if (format === "csv") {
    const text = sniffText(buf, fileName);
    const rows: string[][] = [];
    let headers: string[] | null = null;
    for (const rec of readCsvRecords(text, extOf(fileName) === "tsv" ? "\t" : sniffDelimiter(text))) {
      if (rec.error || rec.cells.every((c) => !c.trim())) continue;
      if (!headers) headers = rec.cells.map((h) => h.replace(/^\ufeff/, "").trim());
      else rows.push(rec.cells);
      if (rows.length >= maxRows) break;
    }
    return { format, headers: headers ?? [], mapping: guessMapping(headers ?? []), rows };
  }
  return { format, headers: [], mapping: {}, rows: [] };
}
