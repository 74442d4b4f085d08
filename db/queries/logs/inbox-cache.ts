/**
 * The inbox's cache of computed clusters, and the change counter that invalidates it: imports,
 * replays, labels and undo bump it; the CLI's and other processes' changes show through dataStamp.
 */

import { eq, sql } from "drizzle-orm";

import type { Db } from "../../client";
import { logBatches, logLabels } from "../../schema";

const clusterCache = new Map<string, { at: number; value: unknown }>();
const CACHE_TTL_MS = 60_000;
const versions = new Map<number, number>();

/** Something in this workspace's logs changed in this process (import, replay, label, undo). */
export function bumpVersion(workspaceId: number) {
  versions.set(workspaceId, (versions.get(workspaceId) ?? 0) + 1);
}

/**
 * A cheap "did anything change?" token for the inbox cache. Scanning log_turns for it would cost
 * as much as the clusters themselves on a 200k-turn workspace, so: this process's change counter,
 * plus the newest batch and label rows (small, indexed) for changes by the CLI or another
 * instance; a CLI replay shows after the cache's TTL.
 */
async function dataStamp(db: Db, workspaceId: number) {
  const [[b], [l]] = await Promise.all([
    db
      .select({ id: sql<number>`max(${logBatches.id})` })
      .from(logBatches)
      .where(eq(logBatches.workspaceId, workspaceId)),
    db
      .select({ id: sql<number>`max(${logLabels.id})`, u: sql<number>`max(${logLabels.undoneAt})` })
      .from(logLabels)
      .where(eq(logLabels.workspaceId, workspaceId)),
  ]);
  return `${versions.get(workspaceId) ?? 0}:${b.id}:${l.id}:${l.u}`;
}

export async function cached<T>(db: Db, workspaceId: number, key: string, compute: () => Promise<T>): Promise<T> {
  const full = `${workspaceId}:${key}:${await dataStamp(db, workspaceId)}`;
  const hit = clusterCache.get(full);
  if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.value as T;
  const value = await compute();
  if (clusterCache.size > 50) clusterCache.delete(clusterCache.keys().next().value!);
  clusterCache.set(full, { at: Date.now(), value });
  return value;
}
