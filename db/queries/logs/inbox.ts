/** The labeling inbox: queues, filters, clusters of customer questions, their members and session context. */
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, ne, or, type SQL, sql } from "drizzle-orm";

import { bigramJaccard, groupQuestions, type Similarity } from "../../../training/logs";
import { normalizeKey } from "../../../training/normalize";
import type { Db } from "../../client";
import { type Decision, faqs, logLabels, logTurns } from "../../schema";
import { pageWindow } from "../paging";
import { cached } from "./inbox-cache";
import { customerTurnsOf, escapeLike, type Q, turnVisible } from "./shared";

export type Queue = "unmatched" | "near" | "sample";

export interface InboxFilter {
  queue: Queue;
  batchId?: number;
  /** Epoch ms, inclusive. */
  from?: number;
  to?: number;
  decision?: Decision;
  categoryId?: number;
  minConfidence?: number;
  maxConfidence?: number;
  q?: string;
}

export interface InboxOptions extends InboxFilter {
  workspaceId: number;
  /** The engine's answer threshold: "near misses" are just below it. */
  answerThreshold: number;
  /** How far below the threshold a near miss may be (default 0.15). */
  nearMargin?: number;
  /** Answered turns drawn for the accuracy review (default 200). */
  sampleSize?: number;
  similarity?: Similarity;
  /** Include turns that already have a label (default false: the inbox shows work left). */
  includeLabeled?: boolean;
}

const activeLabel = sql`exists (select 1 from ${logLabels} where ${logLabels.turnId} = ${logTurns.id} and ${logLabels.undoneAt} is null)`;

function inboxWhere(o: InboxOptions, opts: { skipQueue?: boolean } = {}): SQL {
  const conds: (SQL | undefined)[] = [...customerTurnsOf(o.workspaceId), turnVisible];
  if (!o.includeLabeled) conds.push(sql`not ${activeLabel}`);
  const margin = o.nearMargin ?? 0.15;
  if (opts.skipQueue) {
    /* the caller adds the queue condition */
  } else if (o.queue === "unmatched") conds.push(or(isNull(logTurns.decision), inArray(logTurns.decision, ["no_answer", "clarify"])));
  else if (o.queue === "near")
    conds.push(
      ne(logTurns.decision, "answer"),
      ne(logTurns.decision, "transfer"),
      gte(logTurns.confidence, Math.max(0, o.answerThreshold - margin)),
      lt(logTurns.confidence, o.answerThreshold),
    );
  else conds.push(eq(logTurns.decision, "answer"));
  if (o.batchId) conds.push(eq(logTurns.batchId, o.batchId));
  if (o.from !== undefined) conds.push(gte(logTurns.time, o.from));
  if (o.to !== undefined) conds.push(lte(logTurns.time, o.to));
  if (o.decision) conds.push(eq(logTurns.decision, o.decision));
  if (o.categoryId) conds.push(sql`${logTurns.faqId} in (select ${faqs.id} from ${faqs} where ${faqs.categoryId} = ${o.categoryId})`);
  if (o.minConfidence !== undefined) conds.push(gte(logTurns.confidence, o.minConfidence));
  if (o.maxConfidence !== undefined) conds.push(lte(logTurns.confidence, o.maxConfidence));
  const q = o.q?.trim();
  if (q) {
    const raw = `%${escapeLike(q)}%`;
    const key = `%${escapeLike(normalizeKey(q))}%`;
    conds.push(or(sql`${logTurns.text} like ${raw} escape '\\'`, sql`${logTurns.normKey} like ${key} escape '\\'`));
  }
  return and(...conds)!;
}

export interface InboxCluster {
  /** normalizeKey of the representative: stable while the cluster's members do not change. */
  id: string;
  representative: string;
  count: number;
  /** Distinct normalized questions in the cluster. */
  keys: string[];
  /** The most frequent wordings, with counts. */
  texts: { text: string; count: number }[];
  /** The FAQ the bot most often picked for the members (its best guess), if any. */
  bestFaqId: number | null;
  decision: Decision | null;
  maxConfidence: number | null;
}

const ENGINE_GROUPING_MAX_KEYS = 500;

/**
 * The inbox's clusters for a queue and filters: customer questions grouped exactly by
 * normalizeKey (in SQL) and then near-duplicates by `similarity` (groupQuestions), largest first.
 * Cached per filter until turns or labels change.
 */
export async function inboxClusters(db: Db, o: InboxOptions): Promise<InboxCluster[]> {
  const { similarity, ...rest } = o;
  return cached(db, o.workspaceId, `clusters:${JSON.stringify(rest)}:${similarity ? "engine" : "lexical"}`, () => computeClusters(db, o));
}

/** The turns a view of the inbox shows: its filters, and for the sample queue the sample itself. */
function viewWhere(db: Q, o: InboxOptions): SQL {
  const where = inboxWhere(o);
  if (o.queue !== "sample") return where;
  // A stable random sample: turn hashes are uniformly distributed.
  const sample = db
    .select({ id: logTurns.id })
    .from(logTurns)
    .where(where)
    .orderBy(asc(logTurns.hash))
    .limit(o.sampleSize ?? 200);
  return and(where, inArray(logTurns.id, sample))!;
}

async function computeClusters(db: Db, o: InboxOptions): Promise<InboxCluster[]> {
  const { similarity } = o;
  const rows = await db
    .select({
      key: logTurns.normKey,
      faqId: logTurns.faqId,
      text: sql<string>`min(${logTurns.text})`,
      n: sql<number>`count(*)`,
      conf: sql<number | null>`max(${logTurns.confidence})`,
      decision: sql<Decision | null>`min(${logTurns.decision})`,
    })
    .from(logTurns)
    .where(viewWhere(db, o))
    .groupBy(logTurns.normKey, logTurns.faqId);
  const byKey = new Map<string, { text: string; n: number; conf: number | null; decision: Decision | null; faqs: Map<number, number> }>();
  for (const r of rows) {
    let k = byKey.get(r.key);
    if (!k) byKey.set(r.key, (k = { text: r.text, n: 0, conf: null, decision: r.decision, faqs: new Map() }));
    k.n += r.n;
    if (r.conf !== null && (k.conf === null || r.conf > k.conf)) k.conf = r.conf;
    if (r.faqId !== null) k.faqs.set(r.faqId, (k.faqs.get(r.faqId) ?? 0) + r.n);
  }
  const keys = [...byKey.keys()];
  const texts = keys.map((k) => byKey.get(k)!.text);
  // Near-duplicates: character-bigram Jaccard >= 0.7 always; for a few hundred questions also
  // the engine's similarity (max of both). The engine's similarity costs ~0.3 ms a pair: on a
  // 200k-turn workspace (3.5k distinct questions) it took 45 s against 0.7 s for Jaccard alone.
  const engineSim = similarity && keys.length <= ENGINE_GROUPING_MAX_KEYS ? similarity : undefined;
  const groups = engineSim
    ? groupQuestions(texts, (a, b) => Math.max(bigramJaccard(a, b), engineSim(a, b)), { blockingThreshold: 0.6 })
    : groupQuestions(texts);
  const clusters: InboxCluster[] = groups.map((g) => {
    const members = g.members.map((i) => ({ key: keys[i], ...byKey.get(keys[i])! }));
    members.sort((a, b) => b.n - a.n || (a.key < b.key ? -1 : 1));
    const faqVotes = new Map<number, number>();
    let conf: number | null = null;
    const decisions = new Map<Decision, number>();
    for (const m of members) {
      for (const [f, n] of m.faqs) faqVotes.set(f, (faqVotes.get(f) ?? 0) + n);
      if (m.conf !== null && (conf === null || m.conf > conf)) conf = m.conf;
      if (m.decision) decisions.set(m.decision, (decisions.get(m.decision) ?? 0) + m.n);
    }
    const best = [...faqVotes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
    const decision = [...decisions.entries()].sort((a, b) => b[1] - a[1])[0];
    return {
      id: members[0].key,
      representative: members[0].text,
      count: members.reduce((s, m) => s + m.n, 0),
      keys: members.map((m) => m.key),
      texts: members.slice(0, 8).map((m) => ({ text: m.text, count: m.n })),
      bestFaqId: best ? best[0] : null,
      decision: decision ? decision[0] : null,
      maxConfidence: conf,
    };
  });
  clusters.sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1));
  return clusters;
}

/** Counts per queue, for the tabs (one pass over the turns, cached like the clusters). */
export async function queueCounts(db: Db, o: Omit<InboxOptions, "queue">): Promise<Record<Queue, number>> {
  const { similarity: _s, ...rest } = o;
  return cached(db, o.workspaceId, `counts:${JSON.stringify(rest)}`, async () => {
    const cond = (queue: Queue) => {
      // The queue's own condition: inboxWhere for that queue minus the shared part.
      const margin = o.nearMargin ?? 0.15;
      if (queue === "unmatched") return sql`(${logTurns.decision} is null or ${logTurns.decision} in ('no_answer', 'clarify'))`;
      if (queue === "near")
        return sql`(${logTurns.decision} not in ('answer', 'transfer') and ${logTurns.confidence} >= ${Math.max(0, o.answerThreshold - margin)} and ${logTurns.confidence} < ${o.answerThreshold})`;
      return sql`${logTurns.decision} = 'answer'`;
    };
    const shared = inboxWhere({ ...o, queue: "unmatched" }, { skipQueue: true });
    const [r] = await db
      .select({
        unmatched: sql<number>`coalesce(sum(case when ${cond("unmatched")} then 1 else 0 end), 0)`,
        near: sql<number>`coalesce(sum(case when ${cond("near")} then 1 else 0 end), 0)`,
        sample: sql<number>`coalesce(sum(case when ${cond("sample")} then 1 else 0 end), 0)`,
      })
      .from(logTurns)
      .where(shared);
    return { unmatched: r.unmatched, near: r.near, sample: Math.min(r.sample, o.sampleSize ?? 200) };
  });
}

/** The turns of a cluster (its keys), newest first, paginated. */
export async function clusterMembers(db: Db, o: InboxOptions & { keys: string[]; page?: number; pageSize?: number; raw?: boolean }) {
  const { page, pageSize, offset } = pageWindow(o);
  const where = and(inboxWhere({ ...o, queue: o.queue }), inArray(logTurns.normKey, o.keys.slice(0, 500)));
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: logTurns.id,
        text: logTurns.text,
        rawText: logTurns.rawText,
        sessionKey: logTurns.sessionKey,
        time: logTurns.time,
        batchId: logTurns.batchId,
        decision: logTurns.decision,
        faqId: logTurns.faqId,
        confidence: logTurns.confidence,
      })
      .from(logTurns)
      .where(where)
      .orderBy(desc(logTurns.time), desc(logTurns.id))
      .limit(pageSize)
      .offset(offset),
    db
      .select({ total: sql<number>`count(*)` })
      .from(logTurns)
      .where(where),
  ]);
  // Raw text leaves this function only when asked for (admins with readRawLogs).
  return { rows: rows.map(({ rawText, ...r }) => (o.raw ? { ...r, rawText } : r)), total, page, pageSize };
}

/**
 * The turns of a cluster as the inbox row counts them: its keys under the same view (queue,
 * filters, sample), so that a key press labels exactly the number the row shows (issue 15 item 7).
 */
export async function clusterTurnIds(db: Q, o: InboxOptions & { keys: string[] }) {
  const out: number[] = [];
  const view = viewWhere(db, o);
  for (let i = 0; i < o.keys.length; i += 500) {
    const part = o.keys.slice(i, i + 500);
    const rows = await db
      .select({ id: logTurns.id })
      .from(logTurns)
      .where(and(view, inArray(logTurns.normKey, part)));
    for (const r of rows) out.push(r.id);
  }
  return out;
}

/** The turns before and after one turn in the same session. */
export async function sessionContext(db: Db, opts: { workspaceId: number; turnId: number; around?: number; raw?: boolean }) {
  const turn = await db.query.logTurns.findFirst({ where: and(eq(logTurns.workspaceId, opts.workspaceId), eq(logTurns.id, opts.turnId)) });
  if (!turn) return null;
  const around = opts.around ?? 6;
  const all = await db
    .select({
      id: logTurns.id,
      role: logTurns.role,
      text: logTurns.text,
      rawText: logTurns.rawText,
      time: logTurns.time,
      noise: logTurns.noise,
      decision: logTurns.decision,
      batchId: logTurns.batchId,
      seq: logTurns.seq,
    })
    .from(logTurns)
    .where(and(eq(logTurns.workspaceId, opts.workspaceId), eq(logTurns.sessionKey, turn.sessionKey), turnVisible))
    .orderBy(sql`coalesce(${logTurns.time}, 0)`, asc(logTurns.batchId), asc(logTurns.seq))
    .limit(2000);
  const i = all.findIndex((t) => t.id === turn.id);
  const slice = all.slice(Math.max(0, i - around), i + around + 1);
  return {
    sessionKey: turn.sessionKey,
    turnId: turn.id,
    turns: slice.map(({ rawText, ...t }) => ({ ...t, current: t.id === turn.id, ...(opts.raw ? { rawText } : {}) })),
  };
}
