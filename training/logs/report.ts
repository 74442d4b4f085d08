/**
 * The batch report of one import: every input row is counted exactly once as imported,
 * duplicate, noise or rejected (read = imported + duplicates + noise + rejected), plus the masked
 * values by kind and how often each cleaning step fired.
 */
import type { BatchReport, CleanStep, MaskCounts } from "./types";

/** Rows with errors kept in the report; the rest are only counted (errorsOmitted). */
export const MAX_REPORT_ERRORS = 1000;

export type ReportedBatch = BatchReport & { errorsOmitted: number };

export function createBatchReport(): ReportedBatch {
  return {
    read: 0,
    imported: 0,
    duplicates: 0,
    noise: 0,
    rejected: 0,
    masked: {},
    errors: [],
    errorsOmitted: 0,
    turns: { imported: 0, noise: 0 },
    split: 0,
    steps: {},
    noiseReasons: {},
  };
}

export function addMasked(into: MaskCounts, add: MaskCounts) {
  for (const [k, n] of Object.entries(add) as [keyof MaskCounts, number][]) into[k] = (into[k] ?? 0) + n;
}

export type RowOutcome =
  | { kind: "rejected"; row: number; message: string }
  | { kind: "duplicate"; row: number }
  | {
      kind: "turns";
      row: number;
      turns: { noise: false | string; masked: MaskCounts; steps: CleanStep[] }[];
    };

/** Count one input row. */
export function recordRow(report: ReportedBatch, outcome: RowOutcome): void {
  report.read++;
  if (outcome.kind === "rejected") {
    report.rejected++;
    if (report.errors.length < MAX_REPORT_ERRORS) report.errors.push({ row: outcome.row, message: outcome.message });
    else report.errorsOmitted++;
    return;
  }
  if (outcome.kind === "duplicate") {
    report.duplicates++;
    return;
  }
  let content = 0;
  for (const t of outcome.turns) {
    if (t.noise) {
      report.turns.noise++;
    } else {
      report.turns.imported++;
      content++;
    }
    addMasked(report.masked, t.masked);
    for (const s of t.steps) report.steps[s] = (report.steps[s] ?? 0) + 1;
  }
  if (outcome.turns.length > 1) {
    report.split += outcome.turns.length - 1;
    report.steps.split = (report.steps.split ?? 0) + 1;
  }
  if (content > 0) report.imported++;
  else {
    // Reasons count noise rows like `noise` does (a row split into a greeting and a question is
    // imported, not noise), so that the reasons add up to the 无效消息 figure (issue 15 item 8).
    report.noise++;
    const reason = outcome.turns.find((t) => t.noise)?.noise;
    if (reason) report.noiseReasons[reason] = (report.noiseReasons[reason] ?? 0) + 1;
  }
}

/** Sum reports (e.g. of several files uploaded together). */
export function mergeBatchReports(...reports: ReportedBatch[]): ReportedBatch {
  const out = createBatchReport();
  for (const r of reports) {
    out.read += r.read;
    out.imported += r.imported;
    out.duplicates += r.duplicates;
    out.noise += r.noise;
    out.rejected += r.rejected;
    addMasked(out.masked, r.masked);
    for (const e of r.errors) {
      if (out.errors.length < MAX_REPORT_ERRORS) out.errors.push(e);
      else out.errorsOmitted++;
    }
    out.errorsOmitted += r.errorsOmitted;
    out.turns.imported += r.turns.imported;
    out.turns.noise += r.turns.noise;
    out.split += r.split;
    for (const [k, n] of Object.entries(r.steps) as [CleanStep, number][]) out.steps[k] = (out.steps[k] ?? 0) + n;
    for (const [k, n] of Object.entries(r.noiseReasons)) out.noiseReasons[k] = (out.noiseReasons[k] ?? 0) + n;
  }
  return out;
}
