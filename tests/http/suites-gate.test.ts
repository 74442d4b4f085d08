/**
 * The publish gate runs the workspace's chosen suites against the draft being published, through
 * the suites' own runner (issue 11 item "gates changes on them", issue 13 seam): a failing suite
 * blocks the publish and names the failing turn; an admin's override with a reason publishes and is
 * audited; once the case is fixed the gate passes; and each gate run is stored as a run of the suite.
 */
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, type Db } from "../../db/client";
import { updateSettings } from "../../db/queries/settings";
import { createSuite, listRuns, saveCase } from "../../db/queries/suites";
import { getWorkspaceBySlug } from "../../db/queries/workspaces";
import { auditLog } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed/seed";
import { Client, startTestServer, type TestServer } from "../support/server";
import { publishThroughPage } from "../support/versions";

let server: TestServer;
let db: Db;
let wsId = 0;
let suiteId = 0;
let badCase = 0;
const admin = () => clients.admin;
const clients = {} as Record<"admin" | "trainer", Client>;

beforeAll(async () => {
  server = await startTestServer();
  db = createDb(server.databaseUrl);
  wsId = (await getWorkspaceBySlug(db, "demo"))!.id;
  await updateSettings(db, { workspaceId: wsId, userId: null, patch: { trainersCanPublish: true } });
  suiteId = await createSuite(db, { workspaceId: wsId, name: "发布门禁" });
  await saveCase(db, { suiteId, input: { name: "发货", tags: [], turns: [{ text: "什么时候发货", expect: { decision: "answer", faq: "什么时候发货" } }] } });
  // Expects the wrong FAQ: this case fails against any sensible bot.
  badCase = await saveCase(db, { suiteId, input: { name: "退货地址", tags: [], turns: [{ text: "退货地址是什么", expect: { faq: "包邮吗" } }] } });
  await updateSettings(db, { workspaceId: wsId, userId: null, patch: { publishGate: { suiteIds: [suiteId], minPassRate: null } } });
  for (const [who, email] of [
    ["admin", "admin@kbstudio.dev"],
    ["trainer", "trainer@kbstudio.dev"],
  ] as const) {
    clients[who] = new Client(server.url);
    await clients[who].login(email, DEMO_PASSWORD);
  }
});

afterAll(async () => {
  db?.$client.close();
  await server?.stop();
});

describe("the publish gate runs the chosen suites", () => {
  it("a failing suite blocks a publish; an admin override with a reason publishes and is audited", async () => {
    const blocked = await publishThroughPage(clients.trainer, db, wsId, { note: "想上线" });
    expect(blocked).toMatchObject({ version: null, blocked: true, gate: { required: true, passed: false, passRate: 0.5 } });
    expect(blocked.gate.failures).toHaveLength(1);
    expect(blocked.gate.failures[0]).toMatchObject({ suite: "发布门禁", expected: "faq=包邮吗" });
    expect(blocked.gate.failures[0].text).toContain("退货地址是什么");
    // The gate's run is a run of the suite like any other, with its report.
    const runs = await listRuns(db, { workspaceId: wsId, suiteId });
    expect(runs.rows[0]).toMatchObject({ status: "done", cases: 2, casesPassed: 1, version: "draft" });

    const r = await publishThroughPage(admin(), db, wsId, { note: "紧急上线", overrideReason: "大促前必须上线，用例稍后修" });
    expect(r).toMatchObject({ version: 1, blocked: false, gate: { passed: false, overrideReason: "大促前必须上线，用例稍后修" } });
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.entity, "kb_version")).orderBy(desc(auditLog.id)).limit(1);
    expect(entry.after).toMatchObject({ version: 1, gate: "overridden", overrideReason: "大促前必须上线，用例稍后修" });
  });

  it("passes once the case is fixed, and with a minimum pass rate the failing case is tolerated", async () => {
    await saveCase(db, {
      suiteId,
      caseId: badCase,
      input: { name: "退货地址", tags: [], turns: [{ text: "退货地址是什么", expect: { faq: "退货地址是什么" } }] },
    });
    const ok = await publishThroughPage(clients.trainer, db, wsId, { note: "修好了" });
    expect(ok).toMatchObject({ blocked: false, gate: { required: true, passed: true, passRate: 1 } });

    await saveCase(db, { suiteId, caseId: badCase, input: { name: "退货地址", tags: [], turns: [{ text: "退货地址是什么", expect: { faq: "包邮吗" } }] } });
    await updateSettings(db, { workspaceId: wsId, userId: null, patch: { publishGate: { suiteIds: [suiteId], minPassRate: 0.5 } } });
    const tolerated = await publishThroughPage(clients.trainer, db, wsId, { note: "门槛 50%" });
    expect(tolerated).toMatchObject({ gate: { required: true, passed: true, passRate: 0.5 } });
  });
});
