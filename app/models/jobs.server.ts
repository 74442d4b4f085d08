/**
 * The background-job runner of this process (issue 13 "everything an instance needs must come from
 * the database", issue 14 items 8–9). Areas register a handler per job kind; the runner claims
 * queued jobs of those kinds from the database, heartbeats while a handler runs (with its
 * progress), settles the job, and reaps jobs whose owner died, letting their handler clean up. The
 * CLI runs a job inline through the same handler and the same rows (`runJobNow`).
 */
import { getDb } from "~/db.server";

import type { Db } from "../../db/client";
import {
  claimJob,
  enqueueJob,
  type EnqueueOptions,
  failJob,
  finishJob,
  getJob,
  heartbeatJob,
  INSTANCE_ID,
  jobFile,
  type JobRow,
  reapDeadJobs,
} from "../../db/queries/jobs";
import type { JobProgress } from "../../db/schema";
import { isKbErrorCode, KbError } from "../../training/errors";

export type { JobRow };

export interface JobContext {
  db: Db;
  job: JobRow;
  /** Record progress (written with the next heartbeat, about once a second). */
  progress(done: number, total: number, phase?: string): void;
  /** True once someone asked to cancel, or the job was taken from this process. */
  cancelled(): boolean;
  /** Throws JOB_CANCELLED when cancelled(): call it between chunks of work. */
  throwIfCancelled(): void;
  /** The job's uploaded file, if it has one. */
  file(): Promise<{ fileName: string; data: Uint8Array } | null>;
}

export interface JobHandler {
  run(ctx: JobContext): Promise<unknown>;
  /** Clean up after a job of this kind whose process died mid-way (it is already marked failed). */
  onInterrupted?(db: Db, job: JobRow): Promise<void>;
}

const HEARTBEAT_MS = 1000;
const POLL_MS = 500;
const REAP_EVERY_MS = 3000;
const MAX_RUNNING = 2;

interface RunnerState {
  handlers: Map<string, JobHandler>;
  running: Set<number>;
  timer: ReturnType<typeof setInterval> | null;
  lastReap: number;
  ticking: boolean;
}

const g = globalThis as unknown as { __kbJobs?: RunnerState };
const state: RunnerState = (g.__kbJobs ??= { handlers: new Map(), running: new Set(), timer: null, lastReap: 0, ticking: false });

export function registerJobHandler(kind: string, handler: JobHandler) {
  state.handlers.set(kind, handler);
}

/** Runs a claimed job to its end: heartbeat with progress, then done, failed or cancelled. */
async function execute(db: Db, job: JobRow, onProgress?: (p: JobProgress) => void): Promise<void> {
  const handler = state.handlers.get(job.kind);
  let progress: JobProgress = job.progress;
  let cancel = job.cancelRequested;
  let lost = false;
  const beat = async () => {
    const r = await heartbeatJob(db, { id: job.id, owner: INSTANCE_ID, progress }).catch(() => ({ owned: true, cancelRequested: cancel }));
    lost = !r.owned;
    cancel ||= r.cancelRequested;
  };
  const timer = setInterval(() => void beat(), HEARTBEAT_MS);
  const ctx: JobContext = {
    db,
    job,
    progress(done, total, phase) {
      progress = { done, total, ...(phase ? { phase } : {}) };
      onProgress?.(progress);
    },
    cancelled: () => cancel || lost,
    throwIfCancelled() {
      if (cancel || lost) throw new KbError("JOB_CANCELLED", {});
    },
    file: () => jobFile(db, job.id),
  };
  try {
    if (!handler) throw new KbError("INTERNAL", { detail: `no handler for job kind "${job.kind}"` });
    const result = await handler.run(ctx);
    clearInterval(timer);
    await finishJob(db, { id: job.id, owner: INSTANCE_ID, result, progress });
  } catch (e) {
    clearInterval(timer);
    if (!(e instanceof KbError)) console.warn(`[kb-studio] job ${job.id} (${job.kind}) failed: ${(e as Error).stack ?? e}`);
    await failJob(db, { id: job.id, owner: INSTANCE_ID, error: e });
  }
}

async function reap(db: Db) {
  state.lastReap = Date.now();
  const dead = await reapDeadJobs(db, { kinds: [...state.handlers.keys()] });
  for (const job of dead) {
    console.warn(`[kb-studio] job ${job.id} (${job.kind}) lost its process (owner ${job.owner}); marked failed`);
    await state.handlers
      .get(job.kind)
      ?.onInterrupted?.(db, job)
      .catch((e) => console.warn(`[kb-studio] cleaning up job ${job.id} failed: ${(e as Error).message}`));
  }
}

async function tick() {
  if (state.ticking) return;
  state.ticking = true;
  try {
    const db = getDb();
    if (Date.now() - state.lastReap >= REAP_EVERY_MS) await reap(db);
    while (state.running.size < MAX_RUNNING && state.handlers.size) {
      const job = await claimJob(db, { owner: INSTANCE_ID, kinds: [...state.handlers.keys()] });
      if (!job) break;
      state.running.add(job.id);
      void execute(db, job).finally(() => {
        state.running.delete(job.id);
        void tick();
      });
    }
  } catch (e) {
    console.warn(`[kb-studio] job runner: ${(e as Error).message}`);
  } finally {
    state.ticking = false;
  }
}

/** Starts this process's runner (the server, once at start). */
export function startJobRunner() {
  if (state.timer) return;
  state.timer = setInterval(() => void tick(), POLL_MS);
  state.timer.unref?.();
  void tick();
}

export function stopJobRunner() {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
}

/** Queues a job for whichever instance is free (this one is poked at once). */
export async function startJob(opts: EnqueueOptions): Promise<number> {
  const id = await enqueueJob(getDb(), opts);
  if (state.timer) void tick();
  return id;
}

/**
 * The CLI's way: queue the job and run it here and now through the same handler, with progress
 * to the callback; returns the settled row. Another instance cannot take it (claimed at once).
 */
export async function runJobNow(opts: EnqueueOptions, onProgress?: (p: JobProgress) => void): Promise<JobRow> {
  const db = getDb();
  const id = await enqueueJob(db, { ...opts, owner: INSTANCE_ID });
  const job = await getJob(db, { workspaceId: opts.workspaceId, id });
  if (job) await execute(db, job, onProgress);
  return (await getJob(db, { workspaceId: opts.workspaceId, id }))!;
}

/** What a page polls: status, progress, result and error of one job of the workspace. */
export async function jobStatus(workspaceId: number, id: number) {
  const j = await getJob(getDb(), { workspaceId, id });
  if (!j) return null;
  return {
    id: j.id,
    kind: j.kind,
    status: j.status,
    progress: j.progress,
    result: j.result,
    error: j.error ?? null,
    createdAt: j.createdAt,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
  };
}

/** A settled job's error as a KbError again (for callers that rethrow it). */
export function jobError(row: Pick<JobRow, "error">): KbError | null {
  if (!row.error) return null;
  return isKbErrorCode(row.error.code) ? new KbError(row.error.code, row.error.params) : new KbError("INTERNAL", { detail: row.error.message });
}
