/**
 * The job runner in-process, on a real migrated database file: a registered handler runs a queued
 * job with progress, a KbError fails it with its code, cancellation stops it between chunks, the
 * CLI path runs it inline through the same handler, and a job left running by a dead process is
 * reaped and its handler cleans up.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDb, type Db } from "../../db/client";
import { claimJob, enqueueJob, getJob } from "../../db/queries/jobs";
import { ensureWorkspace } from "../../db/queries/workspaces";
import { KbError } from "../../training/errors";
import type * as JobsModule from "./jobs.server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-runner-"));
process.env.DATABASE_URL = `file:${path.join(dir, "kb.db")}`;
process.env.KB_JOB_STALE_MS = "300";

let db: Db;
let ws: number;
let jobs: typeof JobsModule;
const cleaned: number[] = [];

async function settled(id: number) {
  for (let i = 0; i < 200; i++) {
    const j = await getJob(db, { workspaceId: ws, id });
    if (j && !["queued", "running"].includes(j.status)) return j;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${id} did not settle`);
}

beforeAll(async () => {
  db = await createTestDb(process.env.DATABASE_URL);
  ws = (await ensureWorkspace(db, { slug: "runner-shop", name: "任务" })).id;
  jobs = await import("./jobs.server");
  jobs.registerJobHandler("test.count", {
    async run(ctx) {
      const n = Number(ctx.job.payload.n);
      for (let i = 1; i <= n; i++) {
        ctx.throwIfCancelled();
        ctx.progress(i, n, "count");
        await new Promise((r) => setTimeout(r, 20));
      }
      const f = await ctx.file();
      return { counted: n, bytes: f?.data.byteLength ?? 0 };
    },
    async onInterrupted(_db, job) {
      cleaned.push(job.id);
    },
  });
  jobs.registerJobHandler("test.bad", {
    async run() {
      throw new KbError("FILE_EMPTY", { file: "empty.csv" });
    },
  });
  jobs.startJobRunner();
});

afterAll(async () => {
  jobs.stopJobRunner();
  db.$client.close();
  (await import("~/db.server")).closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the job runner", () => {
  it("runs a queued job with progress and stores its result", async () => {
    const id = await jobs.startJob({ workspaceId: ws, kind: "test.count", payload: { n: 5 }, file: { name: "a.csv", data: new Uint8Array(7) } });
    const j = await settled(id);
    expect(j).toMatchObject({ status: "done", result: { counted: 5, bytes: 7 }, progress: { done: 5, total: 5, phase: "count" } });
    expect((await jobs.jobStatus(ws, id))?.status).toBe("done");
    expect(await jobs.jobStatus(ws + 1, id)).toBeNull();
  });

  it("fails a job with the KbError's code and params", async () => {
    const j = await settled(await jobs.startJob({ workspaceId: ws, kind: "test.bad" }));
    expect(j).toMatchObject({ status: "failed", error: { code: "FILE_EMPTY", params: { file: "empty.csv" } } });
    expect(jobs.jobError(j)?.messageIn("zh-CN")).toBe("「empty.csv」：文件是空的");
  });

  it("stops a cancelled job between chunks", async () => {
    const id = await jobs.startJob({ workspaceId: ws, kind: "test.count", payload: { n: 500 } });
    await new Promise((r) => setTimeout(r, 300));
    const { requestCancel } = await import("../../db/queries/jobs");
    expect(await requestCancel(db, { workspaceId: ws, id })).toBe("running");
    const j = await settled(id);
    expect(j.status).toBe("cancelled");
    expect(j.progress.done).toBeLessThan(500);
  });

  it("runs a job inline for the CLI, through the same handler", async () => {
    const seen: number[] = [];
    const j = await jobs.runJobNow({ workspaceId: ws, kind: "test.count", payload: { n: 3 } }, (p) => seen.push(p.done));
    expect(j).toMatchObject({ status: "done", result: { counted: 3 } });
    expect(seen).toEqual([1, 2, 3]);
  });

  it("reaps a job whose process died and lets its handler clean up", async () => {
    const id = await enqueueJob(db, { workspaceId: ws, kind: "test.count", payload: { n: 1 } });
    // Claimed by a process that then vanished: it never heartbeats.
    await claimJob(db, { owner: "gone:1:abc", jobId: id });
    const j = await settled(id);
    expect(j).toMatchObject({ status: "failed", error: { code: "JOB_INTERRUPTED" } });
    for (let i = 0; i < 50 && !cleaned.includes(id); i++) await new Promise((r) => setTimeout(r, 50));
    expect(cleaned).toContain(id);
  });
});
