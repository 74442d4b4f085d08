/**
 * Background jobs in the database (issues 13 and 14): enqueue, claim exactly once, heartbeat with
 * progress, finish, fail, cancel, and reap jobs whose owner stopped heartbeating. Every step is one
 * conditional UPDATE, so two app instances (or the server and the CLI) never run one job twice:
 * the claim moves a queued row to running only while it is still queued, and an owner that lost
 * its job (reaped, cancelled) finds out at its next heartbeat.
 */
import crypto from "node:crypto";
import os from "node:os";

import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";

import { type ErrorParams, KbError, toErrorInfo } from "../../training/errors";
import type { Db } from "../client";
import { jobFiles, type JobProgress, jobs, type JobStatus } from "../schema";

type Q = Pick<Db, "select" | "insert" | "update" | "delete">;
export type JobRow = typeof jobs.$inferSelect;

/** How long a running job may go without a heartbeat before it counts as dead (owners beat every second). */
export function jobStaleMs() {
  return Number(process.env.KB_JOB_STALE_MS) || 10_000;
}

/** This process's name as a job owner: host, pid and a random part (pids are reused). */
export const INSTANCE_ID = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;

export interface EnqueueOptions {
  workspaceId: number;
  kind: string;
  payload?: Record<string, unknown>;
  lockKey?: string | null;
  createdBy?: number | null;
  file?: { name: string; data: Uint8Array };
  /**
   * Recorded as already running for this owner (the CLI's runJobNow): a queued row could be claimed
   * by a server's runner before the CLI claims it, and run there, far from the CLI's progress and
   * environment.
   */
  owner?: string;
}

function isUniqueViolation(e: unknown) {
  const msg = `${(e as Error)?.message ?? ""} ${String((e as { cause?: unknown })?.cause ?? "")}`;
  return /UNIQUE constraint failed: jobs\.lock_key|SQLITE_CONSTRAINT/.test(msg);
}

/** Records a job as queued (or running, with `owner`). A second job with the lock key of a queued or running one is JOB_BUSY. */
export async function enqueueJob(db: Db, opts: EnqueueOptions): Promise<number> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(jobs)
        .values({
          workspaceId: opts.workspaceId,
          kind: opts.kind,
          payload: opts.payload ?? {},
          lockKey: opts.lockKey ?? null,
          createdBy: opts.createdBy ?? null,
          ...(opts.owner ? { status: "running" as const, owner: opts.owner, heartbeatAt: Date.now(), startedAt: Date.now(), attempts: 1 } : {}),
        })
        .returning({ id: jobs.id });
      if (opts.file) await tx.insert(jobFiles).values({ jobId: row.id, fileName: opts.file.name, data: Buffer.from(opts.file.data) });
      return row.id;
    });
  } catch (e) {
    if (opts.lockKey && isUniqueViolation(e)) {
      const busy = await activeJobFor(db, opts.lockKey);
      throw new KbError("JOB_BUSY", { jobId: busy?.id ?? null, kind: opts.kind });
    }
    throw e;
  }
}

export async function activeJobFor(db: Q, lockKey: string): Promise<JobRow | null> {
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.lockKey, lockKey), inArray(jobs.status, ["queued", "running"])))
    .limit(1);
  return row ?? null;
}

/**
 * Claims the oldest queued job of the given kinds (or exactly `jobId`) for `owner`: exactly one
 * claimer wins, because the row moves to running only while it is still queued.
 */
export async function claimJob(db: Db, opts: { owner: string; kinds?: readonly string[]; jobId?: number }): Promise<JobRow | null> {
  const now = Date.now();
  for (let attempt = 0; attempt < 3; attempt++) {
    const where = [eq(jobs.status, "queued")];
    if (opts.jobId !== undefined) where.push(eq(jobs.id, opts.jobId));
    if (opts.kinds) where.push(inArray(jobs.kind, [...opts.kinds]));
    const [next] = await db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(...where))
      .orderBy(jobs.id)
      .limit(1);
    if (!next) return null;
    const [claimed] = await db
      .update(jobs)
      .set({ status: "running", owner: opts.owner, heartbeatAt: now, startedAt: now, attempts: sql`${jobs.attempts} + 1` })
      .where(and(eq(jobs.id, next.id), eq(jobs.status, "queued")))
      .returning();
    if (claimed) return claimed;
    // Another instance took it between the two statements: look again.
  }
  return null;
}

/**
 * The owner is alive (and how far it got). Returns what the owner must know: whether someone asked
 * to cancel, and whether the job is still its own (false once reaped or finished elsewhere).
 */
export async function heartbeatJob(db: Db, opts: { id: number; owner: string; progress?: JobProgress }): Promise<{ owned: boolean; cancelRequested: boolean }> {
  const [row] = await db
    .update(jobs)
    .set({ heartbeatAt: Date.now(), ...(opts.progress ? { progress: opts.progress } : {}) })
    .where(and(eq(jobs.id, opts.id), eq(jobs.owner, opts.owner), eq(jobs.status, "running")))
    .returning({ cancelRequested: jobs.cancelRequested });
  return row ? { owned: true, cancelRequested: row.cancelRequested } : { owned: false, cancelRequested: false };
}

async function settle(db: Db, id: number, owner: string, set: Partial<typeof jobs.$inferInsert> & { status: JobStatus }) {
  const [row] = await db
    .update(jobs)
    .set({ ...set, finishedAt: Date.now(), heartbeatAt: Date.now() })
    .where(and(eq(jobs.id, id), eq(jobs.owner, owner), eq(jobs.status, "running")))
    .returning({ id: jobs.id });
  if (row) await db.delete(jobFiles).where(eq(jobFiles.jobId, id));
  return !!row;
}

export function finishJob(db: Db, opts: { id: number; owner: string; result?: unknown; progress?: JobProgress }) {
  return settle(db, opts.id, opts.owner, { status: "done", result: opts.result ?? null, ...(opts.progress ? { progress: opts.progress } : {}) });
}

export function failJob(db: Db, opts: { id: number; owner: string; error: unknown; result?: unknown }) {
  const cancelled = opts.error instanceof KbError && opts.error.code === "JOB_CANCELLED";
  return settle(db, opts.id, opts.owner, { status: cancelled ? "cancelled" : "failed", error: toErrorInfo(opts.error), result: opts.result ?? null });
}

/** Asks a job to stop: a queued one is cancelled at once, a running one at its owner's next heartbeat. */
export async function requestCancel(db: Db, opts: { workspaceId: number; id: number }): Promise<JobStatus | null> {
  const now = Date.now();
  const cancelled = toErrorInfo(new KbError("JOB_CANCELLED", {}));
  const [queued] = await db
    .update(jobs)
    .set({ status: "cancelled", cancelRequested: true, finishedAt: now, error: cancelled })
    .where(and(eq(jobs.id, opts.id), eq(jobs.workspaceId, opts.workspaceId), eq(jobs.status, "queued")))
    .returning({ status: jobs.status });
  if (queued) return "cancelled";
  const [running] = await db
    .update(jobs)
    .set({ cancelRequested: true })
    .where(and(eq(jobs.id, opts.id), eq(jobs.workspaceId, opts.workspaceId), eq(jobs.status, "running")))
    .returning({ status: jobs.status });
  if (running) return "running";
  const [row] = await db
    .select({ status: jobs.status })
    .from(jobs)
    .where(and(eq(jobs.id, opts.id), eq(jobs.workspaceId, opts.workspaceId)));
  return row?.status ?? null;
}

/**
 * Running jobs whose owner stopped heartbeating (its process was killed, its machine lost) are
 * marked failed with JOB_INTERRUPTED; the reaped rows are returned so that the caller can clean up
 * what they half wrote.
 */
export async function reapDeadJobs(db: Db, opts: { staleMs?: number; kinds?: readonly string[] } = {}): Promise<JobRow[]> {
  const staleMs = opts.staleMs ?? jobStaleMs();
  const cutoff = Date.now() - staleMs;
  const where = [eq(jobs.status, "running"), lt(jobs.heartbeatAt, cutoff)];
  if (opts.kinds) where.push(inArray(jobs.kind, [...opts.kinds]));
  const error = toErrorInfo(new KbError("JOB_INTERRUPTED", { seconds: Math.round(staleMs / 1000) } satisfies ErrorParams));
  return db
    .update(jobs)
    .set({ status: "failed", error, finishedAt: Date.now() })
    .where(and(...where))
    .returning();
}

export async function getJob(db: Db, opts: { workspaceId: number; id: number }): Promise<JobRow | null> {
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.id, opts.id), eq(jobs.workspaceId, opts.workspaceId)));
  return row ?? null;
}

export async function listJobs(db: Db, opts: { workspaceId: number; kinds?: readonly string[]; limit?: number }) {
  const where = [eq(jobs.workspaceId, opts.workspaceId)];
  if (opts.kinds) where.push(inArray(jobs.kind, [...opts.kinds]));
  return db
    .select()
    .from(jobs)
    .where(and(...where))
    .orderBy(desc(jobs.id))
    .limit(opts.limit ?? 20);
}

export async function jobFile(db: Db, jobId: number): Promise<{ fileName: string; data: Uint8Array } | null> {
  const [row] = await db.select().from(jobFiles).where(eq(jobFiles.jobId, jobId));
  return row ? { fileName: row.fileName, data: new Uint8Array(row.data) } : null;
}
