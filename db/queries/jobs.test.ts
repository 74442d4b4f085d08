/**
 * Jobs in the database, with two connections to one file (two app instances): a job is claimed
 * exactly once, a lock key admits one active job, cancel and reap behave, and an owner whose job
 * was reaped learns it at its next heartbeat.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, createTestDb, type Db } from "../client";
import { jobs } from "../schema";
import { activeJobFor, claimJob, enqueueJob, failJob, finishJob, getJob, heartbeatJob, jobFile, reapDeadJobs, requestCancel } from "./jobs";
import { ensureWorkspace } from "./workspaces";

let dir: string;
let a: Db;
let b: Db;
let ws: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-jobs-"));
  const url = `file:${path.join(dir, "kb.db")}`;
  a = await createTestDb(url);
  b = createDb(url);
  ws = (await ensureWorkspace(a, { slug: "jobs-shop", name: "任务" })).id;
});

afterAll(() => {
  a.$client.close();
  b.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("jobs", () => {
  it("are claimed exactly once by competing instances", async () => {
    await a.delete(jobs);
    const ids = [];
    for (let i = 0; i < 20; i++) ids.push(await enqueueJob(a, { workspaceId: ws, kind: "test.work", payload: { i } }));
    const claims = await Promise.all(Array.from({ length: 40 }, (_, i) => claimJob(i % 2 ? a : b, { owner: `instance-${i % 2}`, kinds: ["test.work"] })));
    const won = claims.filter((c) => c !== null).map((c) => c!.id);
    expect(new Set(won).size).toBe(won.length);
    // Whatever was not claimed in the race is still there for the next claim, and nothing twice.
    let next;
    while ((next = await claimJob(a, { owner: "late", kinds: ["test.work"] }))) won.push(next.id);
    expect(won.sort((x, y) => x - y)).toEqual(ids);
  });

  it("admit one active job per lock key; a finished one frees it", async () => {
    const id = await enqueueJob(a, { workspaceId: ws, kind: "test.suite", lockKey: "suite:1" });
    await expect(enqueueJob(b, { workspaceId: ws, kind: "test.suite", lockKey: "suite:1" })).rejects.toMatchObject({
      code: "JOB_BUSY",
      params: { jobId: id },
    });
    expect((await activeJobFor(a, "suite:1"))?.id).toBe(id);
    const job = await claimJob(a, { owner: "o", jobId: id });
    expect(await finishJob(a, { id, owner: "o", result: { passed: 3 } })).toBe(true);
    expect((await getJob(a, { workspaceId: ws, id }))?.result).toEqual({ passed: 3 });
    expect(job?.attempts).toBe(1);
    await expect(enqueueJob(b, { workspaceId: ws, kind: "test.suite", lockKey: "suite:1" })).resolves.toBeGreaterThan(id);
  });

  it("cancel a queued job at once and a running one at its next heartbeat", async () => {
    const q = await enqueueJob(a, { workspaceId: ws, kind: "test.cancel" });
    expect(await requestCancel(b, { workspaceId: ws, id: q })).toBe("cancelled");
    expect(await claimJob(a, { owner: "o", jobId: q })).toBeNull();
    const r = await enqueueJob(a, { workspaceId: ws, kind: "test.cancel" });
    await claimJob(a, { owner: "o", jobId: r });
    expect(await requestCancel(b, { workspaceId: ws, id: r })).toBe("running");
    expect(await heartbeatJob(a, { id: r, owner: "o", progress: { done: 1, total: 2 } })).toEqual({ owned: true, cancelRequested: true });
    // Another workspace cannot cancel it.
    expect(await requestCancel(b, { workspaceId: ws + 999, id: r })).toBeNull();
  });

  it("reap jobs whose owner stopped heartbeating; the old owner can no longer settle them", async () => {
    const id = await enqueueJob(a, { workspaceId: ws, kind: "test.dead", file: { name: "x.csv", data: new Uint8Array([1, 2, 3]) } });
    await claimJob(a, { owner: "dead", jobId: id });
    expect(await reapDeadJobs(b, { staleMs: 60_000 })).toEqual([]);
    await new Promise((r) => setTimeout(r, 30));
    const reaped = await reapDeadJobs(b, { staleMs: 10, kinds: ["test.dead"] });
    expect(reaped.map((j) => j.id)).toEqual([id]);
    const row = await getJob(a, { workspaceId: ws, id });
    expect(row).toMatchObject({ status: "failed", error: { code: "JOB_INTERRUPTED" } });
    expect(await heartbeatJob(a, { id, owner: "dead" })).toEqual({ owned: false, cancelRequested: false });
    expect(await finishJob(a, { id, owner: "dead" })).toBe(false);
    expect(await failJob(a, { id, owner: "dead", error: new Error("late") })).toBe(false);
    // Its upload stays until cleaned up by the kind's handler; a settled job drops it.
    expect(await jobFile(a, id)).not.toBeNull();
  });
});
