/**
 * Chat logs over real HTTP against the built server (issue 4): importing through the studio
 * (upload → mapping → job), who may do what, and no planted personal value in any page, resource
 * or export a non-admin can reach; the raw text only for admins who ask for it.
 */
import fs from "node:fs";
import path from "node:path";

import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, type Db } from "../../db/client";
import { inboxClusters, listBatches } from "../../db/queries/logs";
import { getWorkspaceBySlug } from "../../db/queries/workspaces";
import { auditLog, logBatches, logLabels, logTurns } from "../../db/schema";
import { createShopWithOwner } from "../support/fixtures";
import { readAll, signInEveryone, WHO, type Who } from "../support/roles";
import { type Client, startTestServer, type TestServer } from "../support/server";

const FIX = path.resolve(__dirname, "../fixtures/logs");
const planted = JSON.parse(fs.readFileSync(path.join(FIX, "pii-planted.json"), "utf8")) as { kind: string; fragments: string[] }[];
const expected = JSON.parse(fs.readFileSync(path.join(FIX, "expected.json"), "utf8")) as Record<
  string,
  { read: number; imported: number; duplicates: number; noise: number; rejected: number }
>;

let server: TestServer;
let db: Db;
let demoId: number;
const OUTSIDER = "owner@other-shop.cn";
let clients: Record<Who, Client>;

function leaks(text: string) {
  const found: string[] = [];
  for (const p of planted) for (const f of p.fragments) if (text.includes(f)) found.push(`${p.kind}:${f}`);
  return found;
}

async function upload(c: Client, file: string) {
  const fd = new FormData();
  fd.set("file", new Blob([fs.readFileSync(path.join(FIX, file))]), file);
  return c.post("/w/demo/logs", fd);
}

/** Upload, confirm the mapping step, and wait until the batch is written and replayed. */
async function importThroughStudio(c: Client, file: string) {
  const res = await upload(c, file);
  expect(res.status).toBe(200);
  const html = await res.text();
  const token = /name="token" value="([a-f0-9]{64})"/.exec(html)?.[1];
  expect(token, "the preview offers the mapping step").toBeTruthy();
  const start = await c.post("/w/demo/logs.data", { intent: "start", token: token!, split: "1", emoji: "remove" });
  expect(start.status).toBe(200);
  const jobId = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(await start.text())?.[0];
  expect(jobId).toBeTruthy();
  for (let i = 0; i < 600; i++) {
    const job = await c.get(`/w/demo/logs/jobs/${jobId}`);
    const body = await job.text();
    if (/"done"|"failed"/.test(body)) return body;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the import job did not finish");
}

beforeAll(async () => {
  server = await startTestServer();
  db = createDb(server.databaseUrl);
  await createShopWithOwner(db, { slug: "other", name: "别家小店", email: OUTSIDER });
  demoId = (await getWorkspaceBySlug(db, "demo"))!.id;
  clients = await signInEveryone(server.url, OUTSIDER);
}, 180_000);

afterAll(async () => {
  db?.$client.close();
  await server?.stop();
});

describe("who may do what", () => {
  for (const p of ["/w/demo/logs", "/w/demo/logs/inbox", "/w/demo/logs/inbox?queue=near", "/w/demo/logs/inbox?queue=sample"]) {
    it(`GET ${p}`, async () => {
      for (const w of WHO) expect([w, (await clients[w].get(p)).status]).toEqual([w, readAll[w]]);
    });
  }

  it("only admins and trainers import, replay and label", async () => {
    const want: Record<Who, number> = { admin: 200, trainer: 200, qa: 403, manager: 403, outsider: 404, anonymous: 302 };
    for (const w of WHO) {
      const r = await clients[w].post("/w/demo/logs/inbox", { intent: "label", kind: "ignore", clusters: "[]", turns: "999999" });
      // A permitted label of a turn that does not exist labels nothing (200); the rest never get that far.
      expect([w, r.status]).toEqual([w, want[w]]);
      const up = await upload(clients[w], "chats.csv");
      expect([w, up.status]).toEqual([w, want[w]]);
    }
  });

  it("answers a malformed cluster list with 400, not a server error", async () => {
    for (const clusters of ["not json", '{"a":1}']) {
      const r = await clients.trainer.post("/w/demo/logs/inbox", { intent: "label", kind: "ignore", clusters });
      expect([clusters, r.status]).toEqual([clusters, 400]);
    }
  });
});

describe("importing through the studio", () => {
  it("imports chats.csv with the expected counts, and a second upload of it writes nothing", async () => {
    const body = await importThroughStudio(clients.trainer, "chats.csv");
    const e = expected["chats.csv"];
    for (const k of ["read", "imported", "duplicates", "noise", "rejected"] as const) expect(body).toContain(`"${k}":${e[k]}`);
    const batches = await db.select().from(logBatches).where(eq(logBatches.workspaceId, demoId));
    expect(batches.map((b) => [b.fileName, b.status])).toEqual([["chats.csv", "done"]]);
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)` })
      .from(logTurns)
      .where(eq(logTurns.workspaceId, demoId));
    const again = await importThroughStudio(clients.admin, "chats.csv");
    expect(again).toContain('"existing":true');
    expect((await db.select().from(logBatches).where(eq(logBatches.workspaceId, demoId))).length).toBe(1);
    const [{ n: n2 }] = await db
      .select({ n: sql<number>`count(*)` })
      .from(logTurns)
      .where(eq(logTurns.workspaceId, demoId));
    expect(n2).toBe(n);
    // Customer turns were replayed through the bot.
    const [{ r }] = await db
      .select({ r: sql<number>`count(*)` })
      .from(logTurns)
      .where(and(eq(logTurns.workspaceId, demoId), sql`${logTurns.replayedAt} is not null`));
    expect(r).toBeGreaterThan(0);
  });

  it("shows no planted personal value to non-admins: inbox pages, clusters, context, export", async () => {
    const body = await importThroughStudio(clients.trainer, "pii.csv");
    expect(leaks(body)).toEqual([]);
    const batch = (
      await db
        .select()
        .from(logBatches)
        .where(and(eq(logBatches.workspaceId, demoId), eq(logBatches.fileName, "pii.csv")))
    )[0];
    const turnIds = (await db.select({ id: logTurns.id }).from(logTurns).where(eq(logTurns.batchId, batch.id))).map((t) => t.id);
    const raw = (await db.select({ raw: logTurns.rawText }).from(logTurns).where(eq(logTurns.batchId, batch.id))).map((t) => t.raw).join("\n");
    expect(leaks(raw).length, "the raw text really holds the planted values").toBeGreaterThan(10);
    const clusters = [];
    for (const queue of ["unmatched", "near", "sample"] as const)
      clusters.push(...(await inboxClusters(db, { workspaceId: demoId, queue, answerThreshold: 0.5, batchId: batch.id })).map((c) => ({ queue, id: c.id })));
    expect(clusters.length).toBeGreaterThan(0);
    for (const w of ["trainer", "qa", "manager"] as const) {
      const c = clients[w];
      const pages = [
        "/w/demo/logs",
        `/w/demo/logs?job=00000000-0000-4000-8000-000000000000`,
        ...["unmatched", "near", "sample"].map((q) => `/w/demo/logs/inbox?queue=${q}&batch=${batch.id}&raw=1`),
        ...clusters.map((cl) => `/w/demo/logs/cluster?queue=${cl.queue}&batch=${batch.id}&id=${encodeURIComponent(cl.id)}&raw=1`),
        ...turnIds.map((id) => `/w/demo/logs/context?turn=${id}&raw=1`),
        "/w/demo/logs/export",
        `/w/demo/logs/export?batch=${batch.id}`,
      ];
      for (const p of pages) {
        const res = await c.get(p);
        expect([w, p, res.status]).toEqual([w, p, 200]);
        expect([w, p, leaks(await res.text())]).toEqual([w, p, []]);
      }
    }
    // Admins with readRawLogs see the raw text when they ask for it, and only then.
    let adminRaw = "";
    for (const id of turnIds) {
      const masked = await (await clients.admin.get(`/w/demo/logs/context?turn=${id}`)).text();
      expect(leaks(masked)).toEqual([]);
      adminRaw += await (await clients.admin.get(`/w/demo/logs/context?turn=${id}&raw=1`)).text();
    }
    expect(leaks(adminRaw).length).toBeGreaterThan(10);
  });

  it("labels a cluster over HTTP and undoes it", async () => {
    const clusters = await inboxClusters(db, { workspaceId: demoId, queue: "unmatched", answerThreshold: 0.5 });
    const target = clusters[0];
    const res = await clients.trainer.post("/w/demo/logs/inbox.data?queue=unmatched", {
      intent: "label",
      kind: "chitchat",
      clusters: JSON.stringify([target.id]),
      turns: "",
    });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain("labeled");
    const actionId = /"actionId",(\d+)|"actionId":(\d+)/.exec(body);
    const after = await inboxClusters(db, { workspaceId: demoId, queue: "unmatched", answerThreshold: 0.5 });
    expect(after.find((c) => c.id === target.id)).toBeUndefined();
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)` })
      .from(sql`log_labels`)
      .where(sql`undone_at is null`);
    expect(n).toBe(target.count);
    // qa cannot undo; the trainer can.
    const last = (await db.all<{ created_at: number }>(sql`select created_at from log_labels order by id desc limit 1`))[0].created_at;
    expect(actionId).toBeTruthy();
    expect((await clients.qa.post("/w/demo/logs/inbox", { intent: "undo", actionId: String(last) })).status).toBe(403);
    expect((await clients.trainer.post("/w/demo/logs/inbox.data", { intent: "undo", actionId: String(last) })).status).toBe(200);
    const back = await inboxClusters(db, { workspaceId: demoId, queue: "unmatched", answerThreshold: 0.5 });
    expect(back.find((c) => c.id === target.id)?.count).toBe(target.count);
  });

  it("deletes a batch with its turns and labels (admins and trainers only), and the same file imports again", async () => {
    await importThroughStudio(clients.trainer, "chats.jsonl");
    const batch = (
      await db
        .select()
        .from(logBatches)
        .where(and(eq(logBatches.workspaceId, demoId), eq(logBatches.fileName, "chats.jsonl")))
    )[0];
    const clusters = await inboxClusters(db, { workspaceId: demoId, queue: "unmatched", answerThreshold: 0.5, batchId: batch.id });
    expect(clusters.length).toBeGreaterThan(0);
    const label = await clients.trainer.post("/w/demo/logs/inbox.data?queue=unmatched", {
      intent: "label",
      kind: "ignore",
      clusters: JSON.stringify([clusters[0].id]),
      turns: "",
    });
    expect(label.status).toBe(200);
    const turnsOf = async (id: number) =>
      (
        await db
          .select({ n: sql<number>`count(*)` })
          .from(logTurns)
          .where(eq(logTurns.batchId, id))
      )[0].n;
    const labelsOf = async (id: number) =>
      (
        await db
          .select({ n: sql<number>`count(*)` })
          .from(logLabels)
          .innerJoin(logTurns, eq(logTurns.id, logLabels.turnId))
          .where(eq(logTurns.batchId, id))
      )[0].n;
    const turns = await turnsOf(batch.id);
    const labels = await labelsOf(batch.id);
    expect(turns).toBeGreaterThan(0);
    expect(labels).toBeGreaterThan(0);
    // The batch list carries the label count the confirmation talks about.
    expect((await listBatches(db, { workspaceId: demoId })).rows.find((b) => b.id === batch.id)?.labels).toBe(labels);

    const del = { intent: "delete", batchId: String(batch.id) };
    for (const w of ["qa", "manager"] as const) expect((await clients[w].post("/w/demo/logs", del)).status).toBe(403);
    // Another shop's admin cannot reach it through their own workspace either.
    expect((await clients.outsider.post("/w/other/logs", del)).status).toBe(404);
    expect((await clients.trainer.post("/w/demo/logs", { intent: "delete", batchId: "abc" })).status).toBe(400);
    expect(await turnsOf(batch.id)).toBe(turns);

    // The inbox has cached this batch's clusters; deleting must not leave them on show.
    // Filtered to this batch, so the same questions from chats.csv do not show.
    const plain = clusters.find((c, i) => i > 0 && !/[<>&"']/.test(c.representative))!;
    const inboxUrl = `/w/demo/logs/inbox?queue=unmatched&batch=${batch.id}`;
    expect(await (await clients.trainer.get(inboxUrl)).text()).toContain(`>${plain.representative}<`);

    const res = await clients.trainer.post("/w/demo/logs.data", del);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("deleted");
    expect(await turnsOf(batch.id)).toBe(0);
    expect(await labelsOf(batch.id)).toBe(0);
    expect(await db.select().from(logBatches).where(eq(logBatches.id, batch.id))).toEqual([]);
    expect(await (await clients.trainer.get(inboxUrl)).text()).not.toContain(`>${plain.representative}<`);
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "log_batch"), eq(auditLog.entityId, batch.id)));
    expect(audit.map((a) => a.action)).toEqual(["import", "delete"]);
    expect(audit[1].summary).toBe("chats.jsonl");
    expect(audit[1].before as { turns: number; labels: number }).toMatchObject({ turns, labels });
    // Deleting it again is a 404; the same file is a new batch now, not a no-op.
    expect((await clients.trainer.post("/w/demo/logs", del)).status).toBe(404);
    const again = await importThroughStudio(clients.trainer, "chats.jsonl");
    expect(again).not.toContain('"existing":true');
    const e = expected["chats.jsonl"];
    expect(again).toContain(`"imported":${e.imported}`);
  });
});
