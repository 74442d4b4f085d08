/**
 * Knowledge-base pages as a trainer meets them (issue 15): 分类管理 counts each category's FAQs
 * (item 2: it showed 1 for every category), saving with an empty 相似问法 box reports no dropped
 * blank line (item 10), and the FAQ list names the editor as every other page does (item 13).
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, type Db } from "../../db/client";
import { listCategories } from "../../db/queries/faqs";
import { getWorkspaceBySlug } from "../../db/queries/workspaces";
import { faqs } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed/seed";
import { Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let db: Db;
let ws: number;
let trainer: Client;

beforeAll(async () => {
  server = await startTestServer();
  db = createDb(server.databaseUrl);
  ws = (await getWorkspaceBySlug(db, "demo"))!.id;
  trainer = await new Client(server.url).login("trainer@kbstudio.dev", DEMO_PASSWORD);
});

afterAll(async () => {
  db?.$client.close();
  await server?.stop();
});

describe("knowledge-base pages", () => {
  it("分类管理 shows how many FAQs each category holds", async () => {
    const html = await (await trainer.get("/w/demo/categories")).text();
    const cats = await listCategories(db, ws);
    const biggest = cats.reduce((a, b) => (b.faqCount > a.faqCount ? b : a));
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)` })
      .from(faqs)
      .where(and(eq(faqs.workspaceId, ws), eq(faqs.categoryId, biggest.id)));
    expect(n).toBeGreaterThan(1);
    expect(biggest.faqCount).toBe(n);
    // The count is in the category's table row.
    const row = html.slice(html.indexOf(biggest.name), html.indexOf(biggest.name) + 2000);
    expect(row).toMatch(new RegExp(`>${n}<`));
  });

  it("saving with an empty 相似问法 box says nothing about blank lines, and the list names the editor", async () => {
    const cat = (await listCategories(db, ws))[0].id;
    const res = await trainer.post("/w/demo/faqs/new", {
      intent: "save",
      question: "可以开增值税专用发票吗",
      answer: "可以的亲，请提供开票信息",
      categoryId: String(cat),
      variants: "",
      keywords: "",
      enabled: "1",
    });
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).not.toContain("blank=");
    const page = await (await trainer.get(location)).text();
    expect(page).not.toContain("个空行");
    const html = await (await trainer.get(`/w/demo/faqs?q=${encodeURIComponent("增值税专用发票")}`)).text();
    // The table (the page header names the signed-in user on its own).
    const list = html.slice(html.indexOf("<table"), html.indexOf("</table>"));
    expect(list).toContain("可以开增值税专用发票吗");
    expect(list).toContain("训练师 小林");
    expect(list).not.toContain("trainer@kbstudio.dev");
  });
});
