/**
 * Background jobs (imports, replays, suite runs, publishing, rollup rebuilds …), recorded in the
 * database so that several app instances and the CLI share them: a job is picked up exactly once,
 * its owner heartbeats while it runs, and a job whose owner died is noticed by its stale heartbeat.
 */
import { sql } from "drizzle-orm";
import { blob, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

import { now } from "./columns";
import { users, workspaces } from "./core";

export const JOB_STATUSES = ["queued", "running", "done", "failed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobProgress {
  done: number;
  total: number;
  /** What the job is doing now (a key the UI translates, e.g. "import", "replay"). */
  phase?: string;
}

export interface JobError {
  code: string;
  params: Record<string, string | number | boolean | null | undefined>;
  message: string;
}

export const jobs = sqliteTable(
  "jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: integer("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    /** At most one queued or running job per lock key (e.g. "suite:12"): a second one is refused. */
    lockKey: text("lock_key"),
    status: text("status", { enum: JOB_STATUSES }).notNull().default("queued"),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    progress: text("progress", { mode: "json" }).$type<JobProgress>().notNull().default({ done: 0, total: 0 }),
    result: text("result", { mode: "json" }).$type<unknown>(),
    error: text("error", { mode: "json" }).$type<JobError>(),
    /** The process running it (host:pid:random), and when it last said it is alive. */
    owner: text("owner"),
    heartbeatAt: integer("heartbeat_at"),
    attempts: integer("attempts").notNull().default(0),
    cancelRequested: integer("cancel_requested", { mode: "boolean" }).notNull().default(false),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
    startedAt: integer("started_at"),
    finishedAt: integer("finished_at"),
  },
  (t) => [
    index("jobs_status").on(t.status, t.id),
    index("jobs_ws_kind").on(t.workspaceId, t.kind, t.id),
    uniqueIndex("jobs_active_lock")
      .on(t.lockKey)
      .where(sql`status in ('queued', 'running') and lock_key is not null`),
  ],
);

/** A job's input file (an upload), kept apart from the jobs table so that listing jobs stays light. */
export const jobFiles = sqliteTable("job_files", {
  jobId: integer("job_id")
    .primaryKey()
    .references(() => jobs.id, { onDelete: "cascade" }),
  fileName: text("file_name").notNull(),
  data: blob("data", { mode: "buffer" }).notNull(),
});
