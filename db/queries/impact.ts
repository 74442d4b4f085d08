/**
 * Impact preview (issue 13): the customer turns of the last N days (imported chat-log turns and
 * bot API turns), what a trainer's labels say the right outcome was, and the comparison of two
 * bots' decisions over them — predicted rates of each, the turns whose decision or FAQ changes
 * grouped by change, and whether a change fixes or breaks a known-correct answer.
 */
import { and, eq, gte, isNull, or, sql } from "drizzle-orm";

import type { Decision } from "../../training/decisions";
import type { Db } from "../client";
import { botSessions, botTurns, logLabels, logTurns } from "../schema";
import { customerTurnsOf } from "./logs/shared";

export const DAY_MS = 24 * 3600 * 1000;
export const MAX_CHANGED = 500;

export interface PreviewTurn {
  source: "log" | "api";
  /** log_turns.id or bot_turns.id: the link to the conversation. */
  id: number;
  text: string;
  /** What a trainer's label says the bot should do, if the turn is labeled. */
  expected: { decision: Decision; faqId: number | null } | null;
}

/** Customer turns since `since` (ms), newest first, at most `limit`. */
export async function recentCustomerTurns(db: Db, opts: { workspaceId: number; since: number; limit?: number }): Promise<PreviewTurn[]> {
  const limit = opts.limit ?? 300_000;
  const [logs, api, labels] = await Promise.all([
    db
      .select({ id: logTurns.id, text: logTurns.text })
      .from(logTurns)
      .where(and(...customerTurnsOf(opts.workspaceId), or(gte(logTurns.time, opts.since), isNull(logTurns.time))))
      .orderBy(sql`${logTurns.id} desc`)
      .limit(limit),
    db
      .select({ id: botTurns.id, text: botTurns.text })
      .from(botTurns)
      .innerJoin(botSessions, eq(botSessions.id, botTurns.sessionId))
      .where(and(eq(botTurns.workspaceId, opts.workspaceId), eq(botSessions.channel, "api"), gte(botTurns.createdAt, opts.since)))
      .orderBy(sql`${botTurns.id} desc`)
      .limit(limit),
    db
      .select({ turnId: logLabels.turnId, kind: logLabels.kind, faqId: logLabels.faqId, botFaqId: logLabels.botFaqId, botDecision: logLabels.botDecision })
      .from(logLabels)
      .where(and(eq(logLabels.workspaceId, opts.workspaceId), isNull(logLabels.undoneAt))),
  ]);
  const expected = new Map<number, PreviewTurn["expected"]>();
  for (const l of labels) {
    const e =
      l.kind === "variant" || l.kind === "wrong"
        ? l.faqId
          ? { decision: "answer" as const, faqId: l.faqId }
          : null
        : l.kind === "correct" && l.botDecision
          ? { decision: l.botDecision, faqId: l.botFaqId }
          : l.kind === "transfer"
            ? { decision: "transfer" as const, faqId: null }
            : null;
    if (e) expected.set(l.turnId, e);
  }
  return [
    ...logs.map((t) => ({ source: "log" as const, id: t.id, text: t.text, expected: expected.get(t.id) ?? null })),
    ...api.map((t) => ({ source: "api" as const, id: t.id, text: t.text, expected: null })),
  ].slice(0, limit);
}

export interface Outcome {
  decision: Decision;
  faqId: number | null;
}

export type Rates = Record<Decision, number>;

export interface ChangedTurn {
  text: string;
  /** How many of the turns have this text. */
  count: number;
  before: Outcome;
  after: Outcome;
  /** A labeled turn: the change fixes or breaks its known-correct answer. */
  verdict: "fixed" | "broken" | null;
  example: { source: "log" | "api"; id: number };
}

export interface ImpactReport {
  turns: number;
  distinct: number;
  before: Rates;
  after: Rates;
  changedTurns: number;
  fixed: number;
  broken: number;
  groups: { before: Outcome["decision"]; after: Outcome["decision"]; faqChanged: boolean; turns: number }[];
  changed: ChangedTurn[];
}

const same = (a: Outcome, b: Outcome) => a.decision === b.decision && (a.decision !== "answer" || a.faqId === b.faqId);
const right = (o: Outcome, e: Outcome) => o.decision === e.decision && (e.faqId === null || o.faqId === e.faqId);

/** Compares the decisions of `before` (e.g. published) and `after` (e.g. the draft) per text. */
export function compareOutcomes(turns: PreviewTurn[], before: Map<string, Outcome>, after: Map<string, Outcome>): ImpactReport {
  const zero = (): Rates => ({ answer: 0, clarify: 0, no_answer: 0, transfer: 0 });
  const rb = zero();
  const ra = zero();
  const byText = new Map<string, ChangedTurn>();
  const groups = new Map<string, ImpactReport["groups"][number]>();
  let changedTurns = 0;
  let fixed = 0;
  let broken = 0;
  for (const t of turns) {
    const b = before.get(t.text)!;
    const a = after.get(t.text)!;
    rb[b.decision]++;
    ra[a.decision]++;
    if (same(a, b)) continue;
    changedTurns++;
    const verdict = t.expected
      ? right(a, t.expected) && !right(b, t.expected)
        ? "fixed"
        : right(b, t.expected) && !right(a, t.expected)
          ? "broken"
          : null
      : null;
    if (verdict === "fixed") fixed++;
    if (verdict === "broken") broken++;
    const c = byText.get(t.text);
    if (c) {
      c.count++;
      c.verdict ??= verdict;
    } else byText.set(t.text, { text: t.text, count: 1, before: b, after: a, verdict, example: { source: t.source, id: t.id } });
    const faqChanged = a.decision === b.decision;
    const key = `${b.decision}>${a.decision}>${faqChanged}`;
    const g = groups.get(key) ?? { before: b.decision, after: a.decision, faqChanged, turns: 0 };
    g.turns++;
    groups.set(key, g);
  }
  const n = Math.max(1, turns.length);
  const rate = (r: Rates): Rates => ({ answer: r.answer / n, clarify: r.clarify / n, no_answer: r.no_answer / n, transfer: r.transfer / n });
  return {
    turns: turns.length,
    distinct: new Set(turns.map((t) => t.text)).size,
    before: rate(rb),
    after: rate(ra),
    changedTurns,
    fixed,
    broken,
    groups: [...groups.values()].sort((x, y) => y.turns - x.turns),
    changed: [...byText.values()]
      .sort((x, y) => (y.verdict === "broken" ? 1 : 0) - (x.verdict === "broken" ? 1 : 0) || y.count - x.count)
      .slice(0, MAX_CHANGED),
  };
}
