/** What the chat-log queries share: transaction types, the bulk-insert size, raw statements, which turns count. */
import type { InValue, Transaction } from "@libsql/client";
import { eq, isNull, type SQL, sql } from "drizzle-orm";

import type { Db } from "../../client";
import { logBatches, logTurns } from "../../schema";

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Q = Db | Tx;

export const INSERT_ROWS = 400;

/**
 * The libsql transaction under a drizzle transaction. Building a 400-row insert through the query
 * builder costs more than parsing and cleaning the rows (profiled: 60% of a 200k-row import), so
 * the bulk statements of the import go to the driver directly, inside the same transaction.
 */
export function rawTx(tx: Tx): { execute(stmt: { sql: string; args: InValue[] }): Promise<{ rows: unknown[][]; rowsAffected: number }> } {
  const inner = (tx as unknown as { session?: { tx?: Transaction } }).session?.tx;
  if (!inner) throw new Error("drizzle internals changed: no libsql transaction under the drizzle transaction");
  return {
    execute: async (stmt) => {
      const r = await inner.execute(stmt);
      return { rows: r.rows.map((row) => Array.from(row as ArrayLike<unknown>)), rowsAffected: r.rowsAffected };
    },
  };
}

/**
 * A workspace's customer turns that are not noise: the turns the bot is asked (replay, the inbox,
 * labeling, the impact preview). Conditions to spread into `and(…)`, so a query stays one flat
 * conjunction with its own conditions.
 */
export function customerTurnsOf(workspaceId: number): SQL[] {
  return [eq(logTurns.workspaceId, workspaceId), eq(logTurns.role, "customer"), isNull(logTurns.noise)];
}

/** Turns of batches that finished importing: a running import is invisible until it is done. */
export const turnVisible = sql`not exists (select 1 from ${logBatches} where ${logBatches.id} = ${logTurns.batchId} and ${logBatches.status} <> 'done')`;

export function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
