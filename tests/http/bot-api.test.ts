/**
 * The bot over real HTTP against the built server (issue 3): POST /api/v1/bot/reply with a
 * workspace API key, its 400/401/405/413 answers, the decisions and their storage, and the
 * role checks of the bot pages.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, type Db } from "../../db/client";
import { createApiKey, revokeApiKey } from "../../db/queries/bot";
import { listFaqs } from "../../db/queries/faqs";
import { getWorkspaceBySlug } from "../../db/queries/workspaces";
import { botTurns } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed/seed";
import { createShopWithOwner } from "../support/fixtures";
import { Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let db: Db;
let key: string;
let revoked: string;
let demoId: number;

beforeAll(async () => {
  server = await startTestServer();
  db = createDb(server.databaseUrl);
  demoId = (await getWorkspaceBySlug(db, "demo"))!.id;
  key = (await createApiKey(db, { workspaceId: demoId, name: "test", userId: null })).key;
  const r = await createApiKey(db, { workspaceId: demoId, name: "old", userId: null });
  await revokeApiKey(db, { workspaceId: demoId, id: r.id, userId: null });
  revoked = r.key;
  await createShopWithOwner(db, { slug: "other", name: "别家", email: "boss@other.cn" });
});

afterAll(async () => {
  db?.$client.close();
  await server?.stop();
});

function reply(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/v1/bot/reply`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("POST /api/v1/bot/reply", () => {
  it.each([
    ["no Authorization header", {}, 401],
    ["an unknown key", { Authorization: "Bearer kbs_nope" }, 401],
    ["a malformed header", { Authorization: "Basic abc" }, 401],
  ])("refuses %s with 401", async (_n, headers, status) => {
    const res = await fetch(`${server.url}/api/v1/bot/reply`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: JSON.stringify({ sessionId: "s", text: "在吗" }),
    });
    expect(res.status).toBe(status);
    expect((await res.json()).error).toBe("unauthorized");
  });

  it("refuses a revoked key", async () => {
    const res = await reply({ sessionId: "s", text: "在吗" }, { Authorization: `Bearer ${revoked}` });
    expect(res.status).toBe(401);
  });

  it.each([
    ["invalid JSON", "{oops", "invalid_json", ""],
    ["a missing text", { sessionId: "s1" }, "bad_request", "text"],
    ["an empty text", { sessionId: "s1", text: "   " }, "bad_request", "text: text is empty"],
    ["a missing sessionId", { text: "在吗" }, "bad_request", "sessionId"],
    ["a text over 500 characters", { sessionId: "s1", text: "啊".repeat(501) }, "bad_request", "longer than 500"],
    ["a number as text", { sessionId: "s1", text: 42 }, "bad_request", "text"],
  ])("answers 400 for %s", async (_n, body, code, msg) => {
    const res = await reply(body);
    expect(res.status).toBe(400);
    const j = await res.json();
    expect(j.error).toBe(code);
    expect(j.message).toContain(msg);
  });

  it("answers 400 without a JSON content type", async () => {
    const res = await reply({ sessionId: "s", text: "在吗" }, { "Content-Type": "text/plain" });
    expect(res.status).toBe(400);
  });

  it("answers 413 for a body over the limit", async () => {
    const res = await reply({ sessionId: "s", text: "啊".repeat(70_000) });
    expect(res.status).toBe(413);
  });

  it("answers 405 to GET", async () => {
    expect((await fetch(`${server.url}/api/v1/bot/reply`)).status).toBe(405);
  });

  it("answers a paraphrase of a known question and stores the turn", async () => {
    const res = await reply({ sessionId: "buyer-1", text: "亲 下单了啥时候能发货呀" });
    expect(res.status).toBe(200);
    const j = await res.json();
    const shipping = (await listFaqs(db, { workspaceId: demoId, q: "什么时候发货", pageSize: 5 })).rows.find((r) => r.question === "什么时候发货")!;
    expect(j).toMatchObject({ decision: "answer", faqId: shipping.id, reason: null });
    expect(j.answer).toContain("48小时");
    expect(j.confidence).toBeGreaterThan(0);
    expect(j.confidence).toBeLessThanOrEqual(1);
    expect(typeof j.latencyMs).toBe("number");
    expect(Array.isArray(j.suggestions)).toBe(true);
    for (const s of j.suggestions) expect(Object.keys(s).sort()).toEqual(["confidence", "faqId", "question"]);
    const stored = await db.select().from(botTurns).where(eq(botTurns.workspaceId, demoId));
    expect(stored.some((t) => t.text === "亲 下单了啥时候能发货呀" && t.decision === "answer" && t.faqId === shipping.id)).toBe(true);
  });

  it.each([
    ["转人工", "human_requested"],
    ["你们就是骗子 我要投诉", "negative_emotion"],
  ])("transfers %s with the reason %s", async (text, reason) => {
    const j = await (await reply({ sessionId: `t-${reason}`, text })).json();
    expect(j.decision).toBe("transfer");
    expect(j.reason).toBe(reason);
  });

  it("transfers after two unanswered turns in one session", async () => {
    const a = await (await reply({ sessionId: "lost", text: "帮我写一篇关于宇宙的作文" })).json();
    expect(["no_answer", "clarify"]).toContain(a.decision);
    const b = await (await reply({ sessionId: "lost", text: "明天股票会涨吗" })).json();
    expect(b.decision).toBe("transfer");
    expect(b.reason).toBe("repeated_failure");
    // Another session is not affected.
    const c = await (await reply({ sessionId: "fresh", text: "明天股票会涨吗" })).json();
    expect(c.decision).not.toBe("transfer");
  });
});

describe("bot pages, by role", () => {
  const who = ["admin", "trainer", "qa", "manager", "outsider"] as const;
  const clients = {} as Record<(typeof who)[number], Client>;
  beforeAll(async () => {
    for (const w of who) clients[w] = await new Client(server.url).login(w === "outsider" ? "boss@other.cn" : `${w}@kbstudio.dev`, DEMO_PASSWORD);
  });
  const cases: [string, "GET" | "POST", string, Record<string, string> | undefined, Record<(typeof who)[number], number>][] = [
    ["simulator", "GET", "/w/demo/simulator", undefined, { admin: 200, trainer: 200, qa: 200, manager: 200, outsider: 404 }],
    [
      "simulator send",
      "POST",
      "/w/demo/simulator",
      { intent: "send", sessionId: "x", text: "在吗" },
      { admin: 200, trainer: 200, qa: 200, manager: 200, outsider: 404 },
    ],
    [
      "simulator add variant",
      "POST",
      "/w/demo/simulator",
      { intent: "addVariant", faqId: "1", text: "在的吗亲亲" },
      { admin: 200, trainer: 200, qa: 403, manager: 403, outsider: 404 },
    ],
    ["engine status", "GET", "/w/demo/engine", undefined, { admin: 200, trainer: 200, qa: 200, manager: 200, outsider: 404 }],
    ["retrain", "POST", "/w/demo/engine", {}, { admin: 200, trainer: 200, qa: 403, manager: 403, outsider: 404 }],
    ["synonyms", "GET", "/w/demo/synonyms", undefined, { admin: 200, trainer: 200, qa: 200, manager: 200, outsider: 404 }],
    [
      "synonyms save",
      "POST",
      "/w/demo/synonyms",
      { synonyms: "发货/寄出/发出\n快递/物流" },
      { admin: 200, trainer: 200, qa: 403, manager: 403, outsider: 404 },
    ],
    ["settings", "GET", "/w/demo/settings", undefined, { admin: 200, trainer: 403, qa: 403, manager: 403, outsider: 404 }],
    ["api keys", "GET", "/w/demo/api-keys", undefined, { admin: 200, trainer: 403, qa: 403, manager: 403, outsider: 404 }],
    ["api key create", "POST", "/w/demo/api-keys", { intent: "create", name: "x" }, { admin: 200, trainer: 403, qa: 403, manager: 403, outsider: 404 }],
  ];
  describe.each(cases)("%s", (_name, method, path, body, expected) => {
    it.each(who)("as %s", async (w) => {
      const res = method === "GET" ? await clients[w].get(path) : await clients[w].post(path, body);
      expect(res.status).toBe(expected[w]);
    });
  });

  it("a key created in the UI works once and is shown only once", async () => {
    const res = await clients.admin.post("/w/demo/api-keys", { intent: "create", name: "官网客服" });
    const html = await res.text();
    const m = html.match(/kbs_[A-Za-z0-9_-]{20,}/);
    expect(m).not.toBeNull();
    const ok = await reply({ sessionId: "k", text: "在吗" }, { Authorization: `Bearer ${m![0]}` });
    expect(ok.status).toBe(200);
    const list = await (await clients.admin.get("/w/demo/api-keys")).text();
    expect(list).not.toContain(m![0]);
  });
});
