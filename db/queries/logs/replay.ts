/** Replaying customer turns through the bot: each distinct text decided once, the decision written to every turn with it. */
import { and, eq, isNull, sql } from "drizzle-orm";

import { isDecision } from "../../../training/decisions";
import type { Db } from "../../client";
import { faqs, logTurns } from "../../schema";
import { bumpVersion } from "./inbox-cache";
import { customerTurnsOf, turnVisible } from "./shared";

export interface DecisionOut {
  decision: string;
  faqId: number | null;
  confidence: number;
}
export type DecideManyFn = (texts: string[]) => Promise<DecisionOut[]>;

export interface ReplayResult {
  turns: number;
  distinct: number;
  ms: number;
  turnsPerSecond: number;
}

/**
 * Run every cleaned, non-noise customer turn through the bot and store decision, top FAQ and
 * confidence. Identical texts are decided once (a log repeats "在吗" and "发什么快递" thousands
 * of times), and rows are updated by (norm_key, text) through the norm_key index.
 */
export async function replayTurns(
  db: Db,
  opts: { workspaceId: number; batchId?: number; decide: DecideManyFn; chunkSize?: number; onProgress?: (done: number, total: number) => void },
): Promise<ReplayResult> {
  const t0 = Date.now();
  const where = and(...customerTurnsOf(opts.workspaceId), opts.batchId !== undefined ? eq(logTurns.batchId, opts.batchId) : undefined);
  const groups = await db
    .select({ text: logTurns.text, normKey: logTurns.normKey, n: sql<number>`count(*)` })
    .from(logTurns)
    .where(where)
    .groupBy(logTurns.normKey, logTurns.text);
  const total = groups.reduce((s, g) => s + g.n, 0);
  const faqIds = new Set((await db.select({ id: faqs.id }).from(faqs).where(eq(faqs.workspaceId, opts.workspaceId))).map((f) => f.id));
  const size = opts.chunkSize ?? 1000;
  let done = 0;
  for (let i = 0; i < groups.length; i += size) {
    const part = groups.slice(i, i + size);
    const decisions = await opts.decide(part.map((g) => g.text));
    const now = Date.now();
    const stmts = part.map((g, j) => {
      const d = decisions[j];
      const faqId = d.faqId !== null && faqIds.has(d.faqId) ? d.faqId : null;
      const decision = isDecision(d.decision) ? d.decision : "no_answer";
      return {
        // Every identical text of the workspace gets the current bot's decision, whatever its
        // batch: a batch_id condition here makes SQLite pick the batch index and scan the whole
        // batch for each text (measured: 250 instead of thousands of turns/s on 200k turns).
        sql: `update log_turns indexed by log_turns_key set decision = ?, faq_id = ?, confidence = ?, replayed_at = ? where workspace_id = ? and norm_key = ? and text = ? and role = 'customer' and noise is null`,
        args: [decision, faqId, d.confidence, now, opts.workspaceId, g.normKey, g.text],
      };
    });
    await db.$client.batch(stmts, "write");
    done += part.reduce((s, g) => s + g.n, 0);
    opts.onProgress?.(done, total);
  }
  bumpVersion(opts.workspaceId);
  const ms = Date.now() - t0;
  return { turns: total, distinct: groups.length, ms, turnsPerSecond: ms > 0 ? Math.round((total / ms) * 1000) : total };
}

/** Turns of the workspace (or batch) not yet replayed. */
export async function countUnreplayed(db: Db, opts: { workspaceId: number; batchId?: number }) {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)` })
    .from(logTurns)
    .where(
      and(
        ...customerTurnsOf(opts.workspaceId),
        isNull(logTurns.replayedAt),
        turnVisible,
        opts.batchId !== undefined ? eq(logTurns.batchId, opts.batchId) : undefined,
      ),
    );
  return n;
}
