/**
 * Parse + clean + dedupe a chat-log file in one streaming pass. The app's importer writes each
 * chunk's turns to the database (keyed by `hash`, so re-importing a file is a no-op) and shows the
 * running report as progress.
 */
import { hash as cryptoHash } from "node:crypto";

import { toHalfWidth } from "../normalize";
import { type CleaningSettings, cleanTurn, defaultCleaningSettings, splitMergedMessage } from "./clean";
import { maskPersonalData } from "./mask";
import { parseLogFile, type ParseOptions } from "./parse";
import { createBatchReport, recordRow, type ReportedBatch } from "./report";
import type { CleanStep, LogItem, MaskCounts, RawTurn, RejectedRow, TurnRole } from "./types";

/**
 * Stable id of a turn: the same session, role, time and text always give the same hash, across
 * processes and machines. Split parts add their index. Raw (not cleaned) text is hashed, so
 * changing cleaning settings does not turn an old import into "new" turns.
 */
export function turnHash(t: { sessionId: string; role: TurnRole | string; time: string | null; text: string }, part = 0): string {
  const key = JSON.stringify([t.sessionId, t.role, t.time ?? "", t.text.replace(/\r\n?/g, "\n").trim(), part]);
  return cryptoHash("sha256", key, "hex").slice(0, 32);
}

export interface CleanedTurn {
  hash: string;
  row: number;
  line?: number;
  sessionId: string;
  role: TurnRole;
  time: string | null;
  timeMs: number | null;
  nickname?: string;
  /** Cleaned (normalized, masked) text. */
  text: string;
  /** Index of this turn among the parts its row was split into. */
  part: number;
  parts: number;
  noise: false | string;
  masked: MaskCounts;
  /** Cleaning steps that changed this turn. */
  steps: CleanStep[];
}

export interface DuplicateRow {
  row: number;
  hash: string;
  sessionId: string;
}

export interface ProcessedChunk {
  turns: CleanedTurn[];
  rejected: RejectedRow[];
  duplicates: DuplicateRow[];
  /** Cumulative report so far (the same object in every chunk). */
  report: ReportedBatch;
}

/**
 * Stateful batch: feed it parsed items in file order; it dedupes within the batch and counts
 * everything. Memory is one 32-char hash per distinct row.
 */
export class LogBatch {
  readonly report: ReportedBatch = createBatchReport();
  private readonly seen = new Set<string>();

  constructor(readonly settings: CleaningSettings = defaultCleaningSettings) {}

  add(items: LogItem[]): ProcessedChunk {
    const out: ProcessedChunk = { turns: [], rejected: [], duplicates: [], report: this.report };
    for (const item of items) {
      if (item.kind === "rejected") {
        // Error reports are shown and stored too: they must not carry personal data either.
        const rej = { ...item, message: this.maskForReport(item.message), raw: item.raw === undefined ? undefined : this.maskForReport(item.raw) };
        out.rejected.push(rej);
        recordRow(this.report, { kind: "rejected", row: rej.row, message: rej.message });
        continue;
      }
      const hash = turnHash(item);
      if (this.seen.has(hash)) {
        out.duplicates.push({ row: item.row, hash, sessionId: item.sessionId });
        recordRow(this.report, { kind: "duplicate", row: item.row });
        continue;
      }
      this.seen.add(hash);
      const turns = this.cleanRow(item, hash);
      for (const t of turns) out.turns.push(t);
      recordRow(this.report, { kind: "turns", row: item.row, turns: turns.map((t) => ({ noise: t.noise, masked: t.masked, steps: t.steps })) });
    }
    return out;
  }

  private maskForReport(text: string): string {
    if (!this.settings.mask) return text;
    return maskPersonalData(toHalfWidth(text), this.settings.mask).text;
  }

  private cleanRow(item: RawTurn, hash: string): CleanedTurn[] {
    const parts = this.settings.split && item.role === "customer" ? splitMergedMessage(item.text, this.settings.extraNoisePhrases) : [item.text];
    return parts.map((p, i) => {
      const c = cleanTurn(p, this.settings, item.role);
      return {
        hash: i === 0 && parts.length === 1 ? hash : turnHash(item, i),
        row: item.row,
        line: item.line,
        sessionId: item.sessionId,
        role: item.role,
        time: item.time,
        timeMs: item.timeMs,
        nickname: item.nickname,
        text: c.text,
        part: i,
        parts: parts.length,
        noise: c.noise,
        masked: c.masked,
        steps: c.steps,
      };
    });
  }
}

export interface ProcessOptions extends ParseOptions {
  cleaning?: CleaningSettings;
}

/** Parse and clean a file chunk by chunk. Throws KbError for file-level problems only. */
export async function* processLogFile(buf: Uint8Array, fileName: string, opts: ProcessOptions = {}): AsyncGenerator<ProcessedChunk> {
  const batch = new LogBatch(opts.cleaning ?? defaultCleaningSettings);
  let any = false;
  for await (const items of parseLogFile(buf, fileName, opts)) {
    any = true;
    yield batch.add(items);
  }
  if (!any) yield { turns: [], rejected: [], duplicates: [], report: batch.report };
}

/** Everything at once, for small files, tests and the CLI's dry run. */
export async function processLogFileAll(
  buf: Uint8Array,
  fileName: string,
  opts: ProcessOptions = {},
): Promise<{ turns: CleanedTurn[]; rejected: RejectedRow[]; duplicates: DuplicateRow[]; report: ReportedBatch }> {
  const all = { turns: [] as CleanedTurn[], rejected: [] as RejectedRow[], duplicates: [] as DuplicateRow[], report: createBatchReport() };
  for await (const c of processLogFile(buf, fileName, opts)) {
    for (const t of c.turns) all.turns.push(t);
    for (const r of c.rejected) all.rejected.push(r);
    for (const d of c.duplicates) all.duplicates.push(d);
    all.report = c.report;
  }
  return all;
}
