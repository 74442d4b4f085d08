/**
 * Manager metrics (issue 12): hit, clarify, no-answer, transfer, containment and labeled
 * accuracy over valid customer turns, computed from the stored turns themselves.
 *
 * Scope: API turns (bot_turns of channel "api"; the simulator and suite runs never count) and
 * replayed customer turns of imported chat logs (log_turns, role customer, noise excluded, a
 * decision stored). A session is an API session or one (batch, session key) of a log.
 * Days are China days (UTC+8), the shop's calendar.
 */
import { type SQL, sql } from "drizzle-orm";

import { DRILL_SESSION_FILTERS, DRILL_TURN_FILTERS, METRIC_CHANNELS, TRANSFER_REASONS } from "../../training/metric-filters";
import type { Db } from "../client";

export { DRILL_SESSION_FILTERS, DRILL_TURN_FILTERS, METRIC_CHANNELS, TRANSFER_REASONS };

export type MetricChannel = (typeof METRIC_CHANNELS)[number];
export type TransferReasonKey = (typeof TRANSFER_REASONS)[number];

/** China Standard Time, no daylight saving: day boundaries of the shop. */
export const DAY_OFFSET_MS = 8 * 3600 * 1000;
export const DAY_MS = 24 * 3600 * 1000;

export interface MetricScope {
  workspaceId: number;
  /** Inclusive start, ms. */
  from: number;
  /** Exclusive end, ms. */
  to: number;
  channel?: MetricChannel;
  /** Only this imported batch (implies logs). */
  batchId?: number;
}

/** "2026-12-04" (a China day) → its first millisecond. */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00+08:00`);
}
export function dayOf(ms: number): string {
  return new Date(ms + DAY_OFFSET_MS).toISOString().slice(0, 10);
}

/** The unified turns of a scope as a CTE body: src, skey, tid, ts, decision, reason, faq_id, text. */
function scopeTurns(s: MetricScope): SQL {
  const channel = s.batchId ? "logs" : (s.channel ?? "all");
  const parts: SQL[] = [];
  if (channel !== "logs")
    parts.push(sql`select 'api' as src, 'a' || bt.session_id as skey, bt.id as tid, bt.created_at as ts, bt.decision as decision,
        bt.reason as reason, bt.faq_id as faq_id, bt.text as text
      from bot_turns bt join bot_sessions bs on bs.id = bt.session_id
      where bt.workspace_id = ${s.workspaceId} and bs.channel = 'api' and bt.created_at >= ${s.from} and bt.created_at < ${s.to}`);
  if (channel !== "api")
    parts.push(sql`select 'logs' as src, 'l' || lt.batch_id || ':' || lt.session_key as skey, lt.id as tid,
        coalesce(lt.time, lb.created_at) as ts, lt.decision as decision, null as reason, lt.faq_id as faq_id, lt.text as text
      from log_turns lt join log_batches lb on lb.id = lt.batch_id
      where lt.workspace_id = ${s.workspaceId} and lt.role = 'customer' and lt.noise is null and lt.decision is not null
        and coalesce(lt.time, lb.created_at) >= ${s.from} and coalesce(lt.time, lb.created_at) < ${s.to}
        ${s.batchId ? sql`and lt.batch_id = ${s.batchId}` : sql``}`);
  return sql.join(parts, sql` union all `);
}

/** Sessions of a scope with their first transfer: skey, turns, first_ts, transfer_rn (1 = first turn), reason. */
function scopeSessions(s: MetricScope): SQL {
  return sql`t as (${scopeTurns(s)}),
    o as (select t.*, row_number() over (partition by skey order by ts, tid) as rn from t),
    ft as (select skey, rn, reason from (
      select skey, rn, reason, row_number() over (partition by skey order by ts, tid) as k from o where decision = 'transfer') where k = 1),
    s as (select o.skey as skey, min(o.src) as src, count(*) as turns, min(o.ts) as first_ts, max(o.ts) as last_ts,
      ft.rn as transfer_rn, coalesce(ft.reason, case when ft.rn is null then null else 'unknown' end) as reason
      from o left join ft on ft.skey = o.skey group by o.skey)`;
}

export interface Ratio {
  num: number;
  den: number;
  /** Percent, one decimal, null when the denominator is 0. */
  pct: number | null;
}
const ratio = (num: number, den: number): Ratio => ({ num, den, pct: den ? Math.round((num / den) * 1000) / 10 : null });

/** Wilson 95% interval of a proportion, in percent. */
export function wilson(num: number, den: number): [number, number] | null {
  if (!den) return null;
  const z = 1.96;
  const p = num / den;
  const d = 1 + (z * z) / den;
  const c = (p + (z * z) / (2 * den)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / den + (z * z) / (4 * den * den))) / d;
  return [Math.round(Math.max(0, c - h) * 1000) / 10, Math.round(Math.min(1, c + h) * 1000) / 10];
}

export interface Overview {
  turns: number;
  sessions: number;
  hit: Ratio;
  clarify: Ratio;
  noAnswer: Ratio;
  transfer: Ratio;
  transferTurns: number;
  transferByReason: Record<TransferReasonKey, Ratio>;
  directTransfer: Ratio;
  containment: Ratio;
  /** Labeled answered turns: correct / labeled (botDecision answer, correct known). */
  accuracy: Ratio & { interval: [number, number] | null };
  /** Labeled turns that should have been a transfer / every labeled turn. */
  shouldTransfer: Ratio;
  /** Labeled answered turns that were wrong / labeled answered turns. */
  wrongAnswer: Ratio;
  labels: number;
}

export async function overview(db: Db, s: MetricScope): Promise<Overview> {
  const [[tc], [sc], reasons, [lc]] = await Promise.all([
    db.all<{ n: number; answer: number; clarify: number; no_answer: number; transfer: number }>(sql`with t as (${scopeTurns(s)})
      select count(*) as n, coalesce(sum(decision = 'answer'), 0) as answer, coalesce(sum(decision = 'clarify'), 0) as clarify,
        coalesce(sum(decision = 'no_answer'), 0) as no_answer, coalesce(sum(decision = 'transfer'), 0) as transfer from t`),
    db.all<{ n: number; transferred: number; direct: number }>(sql`with ${scopeSessions(s)}
      select count(*) as n, coalesce(sum(transfer_rn is not null), 0) as transferred, coalesce(sum(transfer_rn = 1), 0) as direct from s`),
    db.all<{ reason: TransferReasonKey; n: number }>(sql`with ${scopeSessions(s)}
      select reason, count(*) as n from s where reason is not null group by reason`),
    labelCounts(db, s),
  ]);
  const byReason = Object.fromEntries(TRANSFER_REASONS.map((r) => [r, ratio(reasons.find((x) => x.reason === r)?.n ?? 0, sc.n)])) as Record<
    TransferReasonKey,
    Ratio
  >;
  const acc = ratio(lc.correct, lc.answered);
  return {
    turns: tc.n,
    sessions: sc.n,
    hit: ratio(tc.answer, tc.n),
    clarify: ratio(tc.clarify, tc.n),
    noAnswer: ratio(tc.no_answer, tc.n),
    transfer: ratio(sc.transferred, sc.n),
    transferTurns: tc.transfer,
    transferByReason: byReason,
    directTransfer: ratio(sc.direct, sc.n),
    containment: ratio(sc.n - sc.transferred, sc.n),
    accuracy: { ...acc, interval: wilson(lc.correct, lc.answered) },
    shouldTransfer: ratio(lc.transfer, lc.n),
    wrongAnswer: ratio(lc.answered - lc.correct, lc.answered),
    labels: lc.n,
  };
}

/** Active labels (not undone, not "ignore") on the scope's log turns. */
async function labelCounts(db: Db, s: MetricScope) {
  if ((s.channel ?? "all") === "api" && !s.batchId) return [{ n: 0, answered: 0, correct: 0, transfer: 0 }];
  return db.all<{ n: number; answered: number; correct: number; transfer: number }>(sql`with t as (${scopeTurns({ ...s, channel: "logs" })})
    select count(*) as n,
      coalesce(sum(ll.bot_decision = 'answer' and ll.correct is not null), 0) as answered,
      coalesce(sum(ll.bot_decision = 'answer' and ll.correct = 1), 0) as correct,
      coalesce(sum(ll.kind = 'transfer'), 0) as transfer
    from log_labels ll join t on t.tid = ll.turn_id
    where ll.workspace_id = ${s.workspaceId} and ll.undone_at is null and ll.kind <> 'ignore'`);
}

export interface DailyPoint {
  day: string;
  turns: number;
  answered: number;
  clarified: number;
  noAnswer: number;
  sessions: number;
  transferred: number;
  hitRate: number | null;
  clarifyRate: number | null;
  noAnswerRate: number | null;
  transferRate: number | null;
}

/** One point per China day of the range (days without traffic included, rates null). */
export async function dailyTrend(db: Db, s: MetricScope): Promise<DailyPoint[]> {
  const off = DAY_OFFSET_MS;
  const [turnRows, sessionRows] = await Promise.all([
    db.all<{ d: number; n: number; answer: number; clarify: number; no_answer: number }>(sql`with t as (${scopeTurns(s)})
      select cast((ts + ${off}) / ${DAY_MS} as integer) as d, count(*) as n, sum(decision = 'answer') as answer, sum(decision = 'clarify') as clarify,
        sum(decision = 'no_answer') as no_answer from t group by d`),
    // A session belongs to the day of its first turn.
    db.all<{ d: number; n: number; transferred: number }>(sql`with ${scopeSessions(s)}
      select cast((first_ts + ${off}) / ${DAY_MS} as integer) as d, count(*) as n, sum(transfer_rn is not null) as transferred from s group by d`),
  ]);
  const pct = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 10 : null);
  const tBy = new Map(turnRows.map((r) => [Number(r.d), r]));
  const sBy = new Map(sessionRows.map((r) => [Number(r.d), r]));
  const out: DailyPoint[] = [];
  for (let d = Math.floor((s.from + off) / DAY_MS); d * DAY_MS - off < s.to; d++) {
    const t = tBy.get(d);
    const se = sBy.get(d);
    out.push({
      day: new Date(d * DAY_MS).toISOString().slice(0, 10),
      turns: t?.n ?? 0,
      answered: t?.answer ?? 0,
      clarified: t?.clarify ?? 0,
      noAnswer: t?.no_answer ?? 0,
      sessions: se?.n ?? 0,
      transferred: se?.transferred ?? 0,
      hitRate: t ? pct(t.answer, t.n) : null,
      clarifyRate: t ? pct(t.clarify, t.n) : null,
      noAnswerRate: t ? pct(t.no_answer, t.n) : null,
      transferRate: se ? pct(se.transferred, se.n) : null,
    });
  }
  return out;
}

/** Knowledge changes to mark on the time axis: imports, pack subscriptions, settings (thresholds). */
export async function knowledgeMarkers(db: Db, s: MetricScope) {
  const rows = await db.all<{ id: number; entity: string; action: string; summary: string; created_at: number }>(sql`
    select id, entity, action, summary, created_at from audit_log
    where workspace_id = ${s.workspaceId} and created_at >= ${s.from} and created_at < ${s.to}
      and (entity in ('import', 'pack', 'settings') or action in ('import', 'subscribe', 'publish'))
    order by created_at limit 200`);
  return rows.map((r) => ({ id: r.id, entity: r.entity, action: r.action, summary: r.summary, day: dayOf(r.created_at), createdAt: r.created_at }));
}

/* ------------------------------------------------------------------ drill-down */

export type DrillSessionFilter = (typeof DRILL_SESSION_FILTERS)[number];

/** The sessions a session-level number counts, newest first. */
export async function drillSessions(db: Db, s: MetricScope & { filter: DrillSessionFilter; reason?: TransferReasonKey; page: number; pageSize: number }) {
  const where =
    s.filter === "transfer"
      ? s.reason
        ? sql`reason = ${s.reason}`
        : sql`transfer_rn is not null`
      : s.filter === "direct"
        ? sql`transfer_rn = 1`
        : s.filter === "contained"
          ? sql`transfer_rn is null`
          : sql`1 = 1`;
  const [[{ n }], rows] = await Promise.all([
    db.all<{ n: number }>(sql`with ${scopeSessions(s)} select count(*) as n from s where ${where}`),
    db.all<{
      skey: string;
      src: string;
      turns: number;
      first_ts: number;
      last_ts: number;
      transfer_rn: number | null;
      reason: string | null;
      first_text: string;
    }>(
      sql`with ${scopeSessions(s)}
      select s.*, (select text from o where o.skey = s.skey and o.rn = 1) as first_text from s where ${where}
      order by first_ts desc, skey limit ${s.pageSize} offset ${(s.page - 1) * s.pageSize}`,
    ),
  ]);
  return {
    total: n,
    rows: rows.map((r) => ({
      key: r.skey,
      source: r.src as "api" | "logs",
      turns: r.turns,
      firstAt: r.first_ts,
      lastAt: r.last_ts,
      transferAt: r.transfer_rn,
      reason: r.reason as TransferReasonKey | null,
      firstText: r.first_text,
    })),
  };
}

export type DrillTurnFilter = (typeof DRILL_TURN_FILTERS)[number];

/** The turns a turn-level number counts, newest first. */
export async function drillTurns(db: Db, s: MetricScope & { filter: DrillTurnFilter; faqId?: number; page: number; pageSize: number }) {
  const where = sql.join([s.filter === "all" ? sql`1 = 1` : sql`decision = ${s.filter}`, s.faqId ? sql`faq_id = ${s.faqId}` : sql`1 = 1`], sql` and `);
  const [[{ n }], rows] = await Promise.all([
    db.all<{ n: number }>(sql`with t as (${scopeTurns(s)}) select count(*) as n from t where ${where}`),
    db.all<{
      src: string;
      skey: string;
      tid: number;
      ts: number;
      decision: string;
      reason: string | null;
      faq_id: number | null;
      text: string;
      question: string | null;
    }>(
      sql`with t as (${scopeTurns(s)})
      select t.*, f.question as question from t left join faqs f on f.id = t.faq_id where ${where}
      order by ts desc, tid desc limit ${s.pageSize} offset ${(s.page - 1) * s.pageSize}`,
    ),
  ]);
  return {
    total: n,
    rows: rows.map((r) => ({
      key: `${r.src}:${r.tid}`,
      source: r.src as "api" | "logs",
      session: r.skey,
      at: r.ts,
      decision: r.decision as DrillTurnFilter,
      reason: r.reason,
      faqId: r.faq_id,
      question: r.question,
      text: r.text,
    })),
  };
}

/* ------------------------------------------------------------------ per-FAQ health */

export interface FaqHealth {
  faqId: number;
  question: string;
  hits: number;
  /** Hits followed by a transfer within the next two turns of the session. */
  transfersAfter: number;
  wrongLabels: number;
  lastHit: number | null;
}

/** Every enabled FAQ with its hits in the scope, most hit first (dead ones last). */
export async function faqHealth(db: Db, s: MetricScope & { faqId?: number }): Promise<FaqHealth[]> {
  const rows = await db.all<{ id: number; question: string; hits: number; after: number; wrong: number; last_hit: number | null }>(sql`
    with t as (${scopeTurns(s)}),
    o as (select t.*, row_number() over (partition by skey order by ts, tid) as rn from t),
    h as (select a.faq_id as faq_id, count(*) as hits, max(a.ts) as last_hit,
        sum(exists (select 1 from o b where b.skey = a.skey and b.rn in (a.rn + 1, a.rn + 2) and b.decision = 'transfer')) as after
      from o a where a.decision = 'answer' and a.faq_id is not null group by a.faq_id),
    w as (select ll.bot_faq_id as faq_id, count(*) as wrong from log_labels ll
      where ll.workspace_id = ${s.workspaceId} and ll.undone_at is null and ll.bot_decision = 'answer' and ll.correct = 0
        and ll.created_at >= ${s.from} and ll.created_at < ${s.to} group by ll.bot_faq_id)
    select f.id, f.question, coalesce(h.hits, 0) as hits, coalesce(h.after, 0) as after, coalesce(w.wrong, 0) as wrong, h.last_hit
    from faqs f left join h on h.faq_id = f.id left join w on w.faq_id = f.id
    where f.workspace_id = ${s.workspaceId} and f.enabled = 1 ${s.faqId ? sql`and f.id = ${s.faqId}` : sql``}
    order by hits desc, f.id`);
  return rows.map((r) => ({ faqId: r.id, question: r.question, hits: r.hits, transfersAfter: r.after, wrongLabels: r.wrong, lastHit: r.last_hit }));
}

/** The previous period of the same length, for the "vs. previous" deltas. */
export function previousScope(s: MetricScope): MetricScope {
  return { ...s, from: s.from - (s.to - s.from), to: s.from };
}

/** Imported batches, for the channel filter. */
export async function metricBatches(db: Db, workspaceId: number) {
  return db.all<{ id: number; fileName: string; createdAt: number }>(
    sql`select id, file_name as fileName, created_at as createdAt from log_batches where workspace_id = ${workspaceId} and status = 'done' order by id desc limit 50`,
  );
}

/** The overview as `kb metrics --json` prints it: the issue's field names, rates in percent. */
export function overviewJson(o: Overview) {
  return {
    turns: o.turns,
    sessions: o.sessions,
    hitRate: o.hit.pct,
    clarifyRate: o.clarify.pct,
    noAnswerRate: o.noAnswer.pct,
    transferRate: o.transfer.pct,
    transferByReason: Object.fromEntries(TRANSFER_REASONS.map((r) => [r, o.transferByReason[r].pct])) as Record<TransferReasonKey, number | null>,
    directTransferRate: o.directTransfer.pct,
    containmentRate: o.containment.pct,
    labeled: o.accuracy.den,
    labeledAccuracy: o.accuracy.pct,
    labeledAccuracyInterval: o.accuracy.interval,
    wrongAnswerRate: o.wrongAnswer.pct,
    shouldTransferRate: o.shouldTransfer.pct,
  };
}
