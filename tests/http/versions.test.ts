/**
 * Knowledge-base versions over real HTTP against the built server (issue 13): who may see, publish
 * and roll back (the role table), a publish answered by the API, rollback, the immutability of a
 * published version, and a failing gate that blocks and an admin override that is audited.
 */
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, type Db } from "../../db/client";
import { getFaq } from "../../db/queries/faqs";
import { updateSettings } from "../../db/queries/settings";
import { auditLog, kbVersionFiles, kbVersions } from "../../db/schema";
import { askBot, DEMO_QUESTION, type DemoBot, demoBot } from "../support/demo-bot";
import { createShopWithOwner } from "../support/fixtures";
import { readAll, signInEveryone, WHO, type Who } from "../support/roles";
import { type Client, startTestServer, type TestServer } from "../support/server";
import { publishThroughPage, setFaqAnswer } from "../support/versions";

let server: TestServer;
let db: Db;
let demo: DemoBot;
/** The demo answer, which v1 keeps. */
let original = "";

const OUTSIDER = "owner@versions-other.cn";
let clients: Record<Who, Client>;

beforeAll(async () => {
  server = await startTestServer();
  db = createDb(server.databaseUrl);
  await createShopWithOwner(db, { slug: "other", name: "别家小店", email: OUTSIDER });
  demo = await demoBot(db, "versions");
  original = (await getFaq(db, { workspaceId: demo.wsId, id: demo.faqId }))!.answer;
  clients = await signInEveryone(server.url, OUTSIDER);
});

afterAll(async () => {
  db?.$client.close();
  await server?.stop();
});

async function apiAnswer(): Promise<string | null> {
  const { status, body } = await askBot(server.url, demo.key, DEMO_QUESTION, "v-");
  expect(status).toBe(200);
  return body.faqId === demo.faqId ? body.answer : `faq ${body.faqId}`;
}

const setAnswer = (answer: string) => setFaqAnswer(db, demo.wsId, demo.faqId, answer);

/** Publishes through the page's action as `who` and waits for the job, polled through the page's job route. */
const publish = (who: Who, body: Record<string, string> = {}) => publishThroughPage(clients[who], db, demo.wsId, body);

/** The API answers a new version within 2 s (this instance serves what it committed at once). */
async function expectApi(answer: string) {
  const t0 = Date.now();
  while ((await apiAnswer()) !== answer && Date.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 100));
  expect(await apiAnswer()).toBe(answer);
}

describe("roles", () => {
  it.each(WHO)("the 版本发布 page as %s", async (who) => {
    expect((await clients[who].get("/w/demo/versions")).status).toBe(readAll[who]);
  });
  it.each(WHO)("rolling back as %s while trainers may not publish", async (who) => {
    // 400: a trainer holds the permission but this shop does not let trainers publish (PUBLISH_NOT_ALLOWED).
    const expected = { admin: 200, trainer: 400, qa: 403, manager: 403, outsider: 404, anonymous: 302 }[who];
    const res = await clients[who].post("/w/demo/versions", { intent: "rollback", version: "999" });
    // A rollback to a version that does not exist: allowed roles get VERSION_NOT_FOUND (400), so nothing is written.
    expect(res.status).toBe(expected === 200 ? 400 : expected);
    if (who === "trainer") expect(await res.text()).toContain("PUBLISH_NOT_ALLOWED");
    if (who === "admin") expect(await res.text()).toContain("VERSION_NOT_FOUND");
  });
  it("an unknown job is a 404", async () => {
    expect((await clients.qa.get("/w/demo/versions/jobs/999999")).status).toBe(404);
  });
});

describe("publish, answer, roll back", () => {
  it("answers from the draft until the first publish, then from v1", async () => {
    expect(await apiAnswer()).toBe(original);
    const r = await publish("admin", { note: "首次上线" });
    expect(r).toMatchObject({ version: 1, blocked: false });
    await expectApi(original);
  });

  it("keeps answering v1 after a draft edit, and the new answer after publishing v2", async () => {
    await setAnswer("草稿里的新答案：24 小时内发货");
    // The draft answers the simulator; customers still get v1.
    await new Promise((r) => setTimeout(r, 300));
    expect(await apiAnswer()).toBe(original);
    const page = await (await clients.admin.get("/w/demo/versions")).text();
    expect(page).toContain("草稿里的新答案");
    await updateSettings(db, { workspaceId: demo.wsId, userId: null, patch: { trainersCanPublish: true } });
    const r = await publish("trainer", { note: "更新发货时间" });
    expect(r).toMatchObject({ version: 2, blocked: false });
    await expectApi("草稿里的新答案：24 小时内发货");
  });

  it("rolls back to v1 as v3, audited", async () => {
    const res = await clients.trainer.post("/w/demo/versions", { intent: "rollback", version: "1" });
    expect(res.status).toBe(200);
    await expectApi(original);
    const [v3] = await db.select().from(kbVersions).where(eq(kbVersions.workspaceId, demo.wsId)).orderBy(desc(kbVersions.number)).limit(1);
    expect(v3).toMatchObject({ number: 3, restores: 1 });
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.entity, "kb_version")).orderBy(desc(auditLog.id)).limit(1);
    expect(entry.action).toBe("rollback");
  });

  it("refuses to change a published version or its engine", async () => {
    const [v1] = await db
      .select()
      .from(kbVersions)
      .where(and(eq(kbVersions.workspaceId, demo.wsId), eq(kbVersions.number, 1)));
    await expect(db.update(kbVersions).set({ note: "改写历史" }).where(eq(kbVersions.id, v1.id))).rejects.toThrow();
    await expect(
      db
        .update(kbVersionFiles)
        .set({ data: Buffer.from("x") })
        .where(eq(kbVersionFiles.versionId, v1.id)),
    ).rejects.toThrow();
    const [again] = await db.select().from(kbVersions).where(eq(kbVersions.id, v1.id));
    expect(again.note).toBe("首次上线");
    await expectApi(original);
  });
});

describe("the gate", () => {
  it("blocks a publish when a chosen suite cannot pass; only an admin overrides, with a reason, audited", async () => {
    await updateSettings(db, { workspaceId: demo.wsId, userId: null, patch: { publishGate: { suiteIds: [424242], minPassRate: null } } });
    await setAnswer("门禁测试的答案");
    const blocked = await publish("trainer", { note: "被门禁挡住" });
    expect(blocked).toMatchObject({ version: null, blocked: true });
    const versionsBefore = (await db.select().from(kbVersions).where(eq(kbVersions.workspaceId, demo.wsId))).length;
    // A trainer may not override; an override without a reason is refused.
    expect((await clients.trainer.post("/w/demo/versions", { intent: "publish", note: "", overrideReason: "我很急" })).status).toBe(400);
    const empty = await clients.admin.post("/w/demo/versions", { intent: "publish", note: "", overrideReason: "  " });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("GATE_OVERRIDE_REASON");
    expect((await db.select().from(kbVersions).where(eq(kbVersions.workspaceId, demo.wsId))).length).toBe(versionsBefore);
    await expectApi(original);

    const r = await publish("admin", { note: "紧急修复", overrideReason: "大促前必须上线，测试集稍后补" });
    expect(r).toMatchObject({ version: 4, blocked: false, gate: { overrideReason: "大促前必须上线，测试集稍后补" } });
    await expectApi("门禁测试的答案");
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.entity, "kb_version")).orderBy(desc(auditLog.id)).limit(1);
    expect(entry.action).toBe("publish");
    expect(entry.after).toMatchObject({ version: 4, gate: "overridden", overrideReason: "大促前必须上线，测试集稍后补" });
  });
});
