/**
 * Industry packs over real HTTP (issue 5): who may see and change subscriptions, the pack rules
 * enforced by the FAQ edit action, collisions with the demo shop's own FAQs reported, and the
 * onboarding wizard ending with the bot answering from the shop profile.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb } from "../../db/client";
import { getFaq, listFaqs } from "../../db/queries/faqs";
import { getWorkspaceBySlug } from "../../db/queries/workspaces";
import { faqs } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed/seed";
import { createShopWithOwner } from "../support/fixtures";
import { Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let serverLog = "";
const EMAIL = {
  admin: "admin@kbstudio.dev",
  trainer: "trainer@kbstudio.dev",
  qa: "qa@kbstudio.dev",
  manager: "manager@kbstudio.dev",
  outsider: "owner@packs-other.cn",
  newOwner: "owner@packs-new.cn",
} as const;
type Who = keyof typeof EMAIL;
const clients = {} as Record<Who, Client>;

beforeAll(async () => {
  server = await startTestServer();
  server.proc.stdout!.on("data", (d) => (serverLog += d));
  server.proc.stderr!.on("data", (d) => (serverLog += d));
  const db = createDb(server.databaseUrl);
  await createShopWithOwner(db, { slug: "packs-other", name: "别家小店", email: EMAIL.outsider });
  await createShopWithOwner(db, { slug: "packs-new", name: "新店", email: EMAIL.newOwner, defaultPacks: true });
  db.$client.close();
  for (const w of Object.keys(EMAIL) as Who[]) clients[w] = await new Client(server.url).login(EMAIL[w], DEMO_PASSWORD);
});

afterAll(async () => {
  await server?.stop();
});

async function withDb<T>(fn: (db: ReturnType<typeof createDb>) => Promise<T>) {
  const db = createDb(server.databaseUrl);
  try {
    return await fn(db);
  } finally {
    db.$client.close();
  }
}

describe("roles", () => {
  it.each([
    ["admin", 200],
    ["trainer", 200],
    ["qa", 200],
    ["manager", 200],
    ["outsider", 404],
  ] as const)("the subscription center as %s: %i", async (who, status) => {
    expect((await clients[who].get("/w/demo/packs")).status).toBe(status);
    expect((await clients[who].get("/w/demo/packs/generic")).status).toBe(status);
  });

  it.each([
    ["qa", 403],
    ["manager", 403],
    ["outsider", 404],
  ] as const)("subscribing as %s is refused (%i) and the wizard too", async (who, status) => {
    expect((await clients[who].post("/w/demo/packs", { intent: "subscribe", packId: "apparel" })).status).toBe(status);
    expect((await clients[who].get("/w/demo/onboarding")).status).toBe(status);
  });

  it("an unknown pack is a 404", async () => {
    expect((await clients.trainer.get("/w/demo/packs/nope")).status).toBe(404);
    expect((await clients.trainer.post("/w/demo/packs", { intent: "subscribe", packId: "nope" })).status).toBe(404);
  });
});

describe("the demo shop subscribes to the apparel pack", () => {
  it("skips and reports phrasings its own FAQs already use, changing none of them", async () => {
    const before = await withDb(async (db) => {
      const ws = (await getWorkspaceBySlug(db, "demo"))!;
      return (await listFaqs(db, { workspaceId: ws.id, pageSize: 100 })).rows.map((r) => r.id);
    });
    expect(before.length).toBe(51);
    const res = await clients.trainer.post("/w/demo/packs", { intent: "subscribe", packId: "apparel" });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("已订阅「服装鞋包」");
    await withDb(async (db) => {
      const ws = (await getWorkspaceBySlug(db, "demo"))!;
      const all = await db.select({ id: faqs.id, packId: faqs.packId }).from(faqs).where(eq(faqs.workspaceId, ws.id));
      const own = all.filter((f) => !f.packId);
      expect(own.map((f) => f.id).sort()).toEqual([...before].sort());
      expect(all.length).toBeGreaterThan(51);
    });
    // The pack page now shows it subscribed, with an unsubscribe button.
    const page = await (await clients.trainer.get("/w/demo/packs")).text();
    expect(page).toContain("退订服装鞋包");
  });

  it("refuses to rename a pack FAQ through the edit action, and keeps pack variants", async () => {
    const faq = await withDb(async (db) => {
      const ws = (await getWorkspaceBySlug(db, "demo"))!;
      const f = await db.query.faqs.findFirst({ where: and(eq(faqs.workspaceId, ws.id), eq(faqs.packId, "apparel")) });
      return (await getFaq(db, { workspaceId: ws.id, id: f!.id }))!;
    });
    const body = (question: string, variants: string) => ({
      intent: "save",
      question,
      answer: "亲，这是商家写的答案～",
      categoryId: String(faq.categoryId),
      variants,
      keywords: "",
      enabled: "1",
    });
    const renamed = await clients.trainer.post(`/w/demo/faqs/${faq.id}`, body("商家改的标准问题", ""));
    expect(renamed.status, serverLog.slice(-3000)).toBe(400);
    const ok = await clients.trainer.post(`/w/demo/faqs/${faq.id}`, body(faq.question, "商家自己加的问法"));
    expect(ok.status).toBe(302);
    const after = await withDb(async (db) => (await getFaq(db, { workspaceId: faq.workspaceId, id: faq.id }))!);
    expect(after.question).toBe(faq.question);
    expect(after.answer).toBe("亲，这是商家写的答案～");
    for (const v of faq.variants) expect(after.variants).toContain(v);
    expect(after.variants).toContain("商家自己加的问法");
  });

  it("unsubscribes, keeping the merchant's answer for later", async () => {
    const res = await clients.admin.post("/w/demo/packs", { intent: "unsubscribe", packId: "apparel" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("已退订「服装鞋包」");
    const n = await withDb(async (db) => {
      const ws = (await getWorkspaceBySlug(db, "demo"))!;
      return (await db.select({ id: faqs.id }).from(faqs).where(eq(faqs.workspaceId, ws.id))).length;
    });
    expect(n).toBe(51);
  });
});

describe("a new shop", () => {
  it("starts with the generic pack and a to-do list", async () => {
    expect((await clients.newOwner.get("/w/demo/packs")).status).toBe(404);
    const page = await (await clients.newOwner.get("/w/packs-new/packs")).text();
    expect(page).toMatch(/还有 \d+ 个问题未配置答案/);
  });

  it("onboarding saves the profile and the bot answers 什么时候发货 with it", async () => {
    const res = await clients.newOwner.post("/w/packs-new/onboarding", {
      shopName: "新店",
      category: "数码3C",
      shipTime: "72小时",
      courier: "顺丰",
      origin: "广东深圳",
      returnDays: "7",
      returnAddress: "",
      hours: "9:00-18:00",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/w\/packs-new\/simulator/);
    const bad = await clients.newOwner.post("/w/packs-new/onboarding", {
      shopName: "新店",
      category: "数码3C",
      shipTime: "72小时内",
      courier: "顺丰",
      origin: "深圳",
      returnDays: "七天",
      hours: "9-18",
    });
    expect(bad.status).toBe(400);
    const reply = await clients.newOwner.post("/w/packs-new/simulator", { intent: "send", sessionId: "packs-http", text: "什么时候发货" });
    expect(reply.status).toBe(200);
    expect(await reply.text()).toContain("72小时内发货");
  });
});
