/**
 * Plain data shapes of the chat-log core (issue 4). Parsers turn a file into RawTurn and
 * RejectedRow items; the cleaner turns RawTurns into CleanedTurns and counts everything in a
 * BatchReport, so that every input row ends up imported, duplicate, noise or rejected.
 */

/** "system" exists so that platform notices in an export are kept (as noise), not rejected. */
export type TurnRole = "customer" | "agent" | "bot" | "system";

export type LogFormat = "csv" | "xlsx" | "jsonl" | "qianniu";

/** Column names of a CSV/XLSX file, as chosen in the UI or with `--map`. */
export interface ColumnMapping {
  session?: string;
  role?: string;
  text?: string;
  time?: string;
}

export interface RawTurn {
  kind: "turn";
  /** Spreadsheet row number (header = 1) for CSV/XLSX; line number for JSONL and plain text. */
  row: number;
  /** Physical line where the row starts (CSV/JSONL/plain text), for error messages. */
  line?: number;
  sessionId: string;
  role: TurnRole;
  /** The message as exported (trimmed, line breaks unified to \n). */
  text: string;
  /** Shop wall-clock time "YYYY-MM-DD HH:mm:ss" (Asia/Shanghai), or null when the file has none. */
  time: string | null;
  /** Epoch milliseconds of `time` (interpreted as UTC+8), or null. */
  timeMs: number | null;
  /** Plain-text exports: the sender's nickname. */
  nickname?: string;
}

export interface RejectedRow {
  kind: "rejected";
  row: number;
  line?: number;
  message: string;
  /** The offending raw content, shortened, so a trainer can find and fix it. */
  raw?: string;
}

export type LogItem = RawTurn | RejectedRow;

export type MaskKind = "mobile" | "landline" | "idCard" | "email" | "order" | "tracking" | "address" | "name" | "bankCard";

export type MaskCounts = Partial<Record<MaskKind, number>>;

export interface BatchReport {
  /** Input rows seen (turn rows + rejected rows). */
  read: number;
  /** Rows that produced at least one non-noise turn. */
  imported: number;
  /** Rows that repeat an earlier row of the same file (same session, role, time and text). */
  duplicates: number;
  /** Rows whose every turn is noise. */
  noise: number;
  rejected: number;
  masked: MaskCounts;
  errors: { row: number; message: string }[];
  /** Turns produced (merged messages split into several turns count several times). */
  turns: { imported: number; noise: number };
  /** Extra turns created by splitting merged customer messages. */
  split: number;
  /** How often each cleaning step changed a turn. */
  steps: Partial<Record<CleanStep, number>>;
  noiseReasons: Record<string, number>;
}

export type CleanStep = "normalize" | "placeholders" | "punctuation" | "emoji" | "mask" | "split";
