/**
 * The routes' door to the manager metrics (db/queries/metrics.ts): one parser of the dashboard
 * filters (range, channel, batch) shared by the overview, its drill-downs and FAQ health.
 */
import { z } from "zod";

import { getDb } from "~/db.server";

import * as q from "../../db/queries/metrics";

export type { DailyPoint, FaqHealth, MetricChannel, MetricScope, Overview, Ratio, TransferReasonKey } from "../../db/queries/metrics";
export { DRILL_SESSION_FILTERS, DRILL_TURN_FILTERS, METRIC_CHANNELS, TRANSFER_REASONS } from "../../db/queries/metrics";

export const RANGE_PRESETS = [7, 30, 60, 90] as const;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export interface MetricFilters {
  from: string;
  to: string;
  channel: q.MetricChannel;
  batchId: number | null;
  /** The preset the range matches, if any (days). */
  preset: number | null;
}

/** Reads ?days=30 or ?from=YYYY-MM-DD&to=YYYY-MM-DD (inclusive China days), ?channel=, ?batch=. */
export function parseFilters(url: URL, now = Date.now()): MetricFilters {
  const Schema = z.object({
    days: z.coerce.number().int().min(1).max(366).optional().catch(undefined),
    from: z.string().regex(DAY_RE).optional().catch(undefined),
    to: z.string().regex(DAY_RE).optional().catch(undefined),
    channel: z.enum(q.METRIC_CHANNELS).optional().catch(undefined),
    batch: z.coerce.number().int().positive().optional().catch(undefined),
  });
  const p = Schema.parse(Object.fromEntries(url.searchParams));
  const today = q.dayOf(now);
  let from: string;
  let to: string;
  if (p.from && p.to && p.from <= p.to) {
    from = p.from;
    to = p.to;
  } else {
    const days = p.days ?? 30;
    to = today;
    from = q.dayOf(q.dayStart(today) - (days - 1) * q.DAY_MS);
  }
  const span = Math.round((q.dayStart(to) - q.dayStart(from)) / q.DAY_MS) + 1;
  const preset = to === today && (RANGE_PRESETS as readonly number[]).includes(span) ? span : null;
  return { from, to, channel: p.batch ? "logs" : (p.channel ?? "all"), batchId: p.batch ?? null, preset };
}

export function scopeOf(workspaceId: number, f: MetricFilters): q.MetricScope {
  return { workspaceId, from: q.dayStart(f.from), to: q.dayStart(f.to) + q.DAY_MS, channel: f.channel, batchId: f.batchId ?? undefined };
}

/** The query string that reproduces these filters (for links from a number to its drill-down). */
export function filterQuery(f: MetricFilters) {
  const p = new URLSearchParams({ from: f.from, to: f.to, channel: f.channel });
  if (f.batchId) p.set("batch", String(f.batchId));
  return p.toString();
}

export async function dashboard(workspaceId: number, f: MetricFilters) {
  const db = getDb();
  const scope = scopeOf(workspaceId, f);
  const [current, previous, trend, markers, batches] = await Promise.all([
    q.overview(db, scope),
    q.overview(db, q.previousScope(scope)),
    q.dailyTrend(db, scope),
    q.knowledgeMarkers(db, scope),
    q.metricBatches(db, workspaceId),
  ]);
  return { current, previous, trend, markers, batches };
}

export function overview(scope: q.MetricScope) {
  return q.overview(getDb(), scope);
}
export function drillSessions(args: Parameters<typeof q.drillSessions>[1]) {
  return q.drillSessions(getDb(), args);
}
export function drillTurns(args: Parameters<typeof q.drillTurns>[1]) {
  return q.drillTurns(getDb(), args);
}
export function faqHealth(args: Parameters<typeof q.faqHealth>[1]) {
  return q.faqHealth(getDb(), args);
}
