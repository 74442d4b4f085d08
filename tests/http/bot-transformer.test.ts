/**
 * The pretrained-model path through the real server (issue 10: with a model installed every reply,
 * simulator turn and replay failed with QUERY_VECTOR_REQUIRED). A tiny generated BERT model in
 * MODELS_DIR makes the engine add transformer embeddings; every caller of the one decision path
 * must then still decide: the API, the simulator, log replay in the studio and on the command line.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { and, eq, isNotNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, type Db } from "../../db/client";
import { createApiKey } from "../../db/queries/bot";
import { getWorkspaceBySlug } from "../../db/queries/workspaces";
import { logTurns } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed/seed";
import { writeTinyBertModel } from "../../training/transformer/tiny-model";
import { runKb } from "../support/cli";
import { Client, startTestServer, type TestServer } from "../support/server";

const FIX = path.resolve(__dirname, "../fixtures/logs");
let server: TestServer;
let db: Db;
let modelsDir: string;
let key: string;
let demoId: number;
let trainer: Client;

beforeAll(async () => {
  modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-models-"));
  await writeTinyBertModel(path.join(modelsDir, "test", "tiny-bert-zh"));
  server = await startTestServer({ env: { MODELS_DIR: modelsDir } });
  db = createDb(server.databaseUrl);
  demoId = (await getWorkspaceBySlug(db, "demo"))!.id;
  key = (await createApiKey(db, { workspaceId: demoId, name: "t", userId: null })).key;
  trainer = await new Client(server.url).login("trainer@kbstudio.dev", DEMO_PASSWORD);
});

afterAll(async () => {
  db?.$client.close();
  await server?.stop();
  fs.rmSync(modelsDir, { recursive: true, force: true });
});

async function waitForEngine() {
  for (let i = 0; i < 240; i++) {
    const s = await (await trainer.get("/w/demo/engine")).json().catch(() => null);
    if (s?.state === "ready" && !s.stale) return s as { stats: { encoders: string[] } };
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the engine did not become ready");
}

describe("with a pretrained model installed", () => {
  it("the engine uses it, and the API answers through it", async () => {
    const res = await fetch(`${server.url}/api/v1/bot/reply`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: JSON.stringify({ sessionId: "m-1", text: "什么时候发货" }),
    });
    expect(res.status).toBe(200);
    const j = await res.json();
    expect(j.decision).toBe("answer");
    expect(j.candidates ?? j.suggestions).toBeDefined();
    const status = await waitForEngine();
    expect(status.stats.encoders.some((e) => e.startsWith("transformer"))).toBe(true);
    // A follow-up needs a second embedding (of the joined text): still decided.
    const f = await fetch(`${server.url}/api/v1/bot/reply`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: JSON.stringify({ sessionId: "m-1", text: "那运费呢" }),
    });
    expect(f.status).toBe(200);
    expect(["answer", "clarify", "no_answer", "transfer"]).toContain((await f.json()).decision);
    // The first reply waits for a training that embeds every phrasing with the model: minutes on a busy machine.
  }, 180_000);

  it("the simulator decides through it", async () => {
    const res = await trainer.post("/w/demo/simulator.data", { intent: "send", sessionId: "sim-1", text: "你们发什么快递" });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).not.toContain("QUERY_VECTOR_REQUIRED");
    expect(body).toMatch(/"decision","(answer|clarify|no_answer|transfer)"|decision/);
  });

  it("logs:replay on the command line decides through it, with the engine the server saved", async () => {
    const run = (args: string[]) =>
      runKb(args, { ...process.env, DATABASE_URL: server.databaseUrl, DATA_DIR: server.dir, MODELS_DIR: modelsDir, NODE_ENV: "production" });
    const r = await run(["logs:import", path.join(FIX, "chats.csv"), "--workspace", "demo", "--replay", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const last = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
    expect(last.replay.turns).toBeGreaterThan(0);
    // It loaded the engine the server trained and saved instead of training one of its own.
    expect(r.stderr).toContain("engine: saved");
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)` })
      .from(logTurns)
      .where(and(eq(logTurns.workspaceId, demoId), isNotNull(logTurns.replayedAt), isNotNull(logTurns.decision)));
    expect(n).toBe(last.replay.turns);
  });
});
