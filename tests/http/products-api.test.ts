/**
 * The bot API with a product (issue 16): productId in the request, remembered by the session,
 * attribute questions answered from the demo catalogue, everything else left to the FAQs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, type Db } from "../../db/client";
import { createApiKey } from "../../db/queries/bot";
import { getWorkspaceBySlug } from "../../db/queries/workspaces";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let db: Db;
let key: string;

beforeAll(async () => {
  server = await startTestServer();
  db = createDb(server.databaseUrl);
  const demoId = (await getWorkspaceBySlug(db, "demo"))!.id;
  key = (await createApiKey(db, { workspaceId: demoId, name: "products", userId: null })).key;
});

afterAll(async () => {
  db?.$client.close();
  await server?.stop();
});

async function reply(body: Record<string, unknown>) {
  const res = await fetch(`${server.url}/api/v1/bot/reply`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe("POST /api/v1/bot/reply with productId", () => {
  it("answers attribute questions from the product and remembers it for the session", async () => {
    const first = await reply({ sessionId: "p-1", text: "这款是纯棉的吗", productId: "680012345002" });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ decision: "answer", faqId: null, productId: "680012345002", productAnswer: "attribute" });
    expect(first.body.reply).toBe("不是纯棉的哦，材质是 95%棉 5%氨纶");
    const second = await reply({ sessionId: "p-1", text: "我165 100斤穿什么码" });
    expect(second.body).toMatchObject({ productId: "680012345002", productAnswer: "size" });
    expect(second.body.reply).toContain("M 码");
    const missing = await reply({ sessionId: "p-1", text: "保修多久" });
    expect(missing.body).toMatchObject({ productAnswer: "missing" });
    expect(missing.body.reply).toContain("这个信息暂时没有");
  });

  it("leaves other questions to the FAQs, and an unknown product changes nothing", async () => {
    const faq = await reply({ sessionId: "p-2", text: "什么时候发货", productId: "680012345001" });
    expect(faq.body).toMatchObject({ decision: "answer", productId: "680012345001", productAnswer: null });
    expect(faq.body.faqId).toEqual(expect.any(Number));
    const unknown = await reply({ sessionId: "p-3", text: "这款是纯棉的吗", productId: "nope" });
    expect(unknown.body).toMatchObject({ productId: null, productAnswer: null });
  });

  it("refuses a productId that is too long", async () => {
    const r = await reply({ sessionId: "p-4", text: "在吗", productId: "9".repeat(65) });
    expect(r.status).toBe(400);
    expect(r.body.issues[0].field).toBe("productId");
  });
});
