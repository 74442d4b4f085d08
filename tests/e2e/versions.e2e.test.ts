/**
 * Issue 13, done-when: a trainer publishes the demo
 * shop, edits an answer in the draft; the API still returns the old answer; the 版本发布 page shows
 * the change and the impact preview lists the changed customer turn; publish; the API returns the new answer; rollback; the old answer is back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb } from "../../db/client";
import { createApiKey } from "../../db/queries/bot";
import { listFaqs } from "../../db/queries/faqs";
import { updateSettings } from "../../db/queries/settings";
import { getWorkspaceBySlug } from "../../db/queries/workspaces";
import { DEMO_PASSWORD } from "../../db/seed/seed";
import { startTestServer, type TestServer } from "../support/server";
import { launchBrowser, login, ready, shot, watchErrors } from "./browser";

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let key = "";
let faqId = 0;
const QUESTION = "什么时候发货";
const NEW_ANSWER = "亲，现在付款后 12 小时内就发货啦～";
const NEW_VARIANT = "紫色独角兽寄件时间";

beforeAll(async () => {
  server = await startTestServer();
  const db = createDb(server.databaseUrl);
  const ws = (await getWorkspaceBySlug(db, "demo"))!;
  await updateSettings(db, { workspaceId: ws.id, userId: null, patch: { trainersCanPublish: true } });
  key = (await createApiKey(db, { workspaceId: ws.id, name: "e2e", userId: null })).key;
  faqId = (await listFaqs(db, { workspaceId: ws.id, q: QUESTION, pageSize: 50 })).rows.find((r) => r.question === QUESTION)!.id;
  db.$client.close();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function apiAnswer(text = QUESTION): Promise<string | null> {
  const res = await fetch(`${server.url}/api/v1/bot/reply`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify({ sessionId: `e2e-${Math.random()}`, text }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { faqId: number | null; answer: string | null };
  return body.faqId === faqId ? body.answer : `faq ${body.faqId}`;
}

describe("draft, publish and rollback", () => {
  it("publishes, edits the draft, publishes again and rolls back", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    const errors = watchErrors(page);
    await login(page, server.url, "trainer@kbstudio.dev", DEMO_PASSWORD);

    // Nothing published: the page says the draft answers, and v1 is published from it.
    await page.getByRole("link", { name: "版本发布" }).click();
    await page.waitForURL(/\/w\/demo\/versions/);
    await ready(page);
    await page.getByTestId("unpublished").first().waitFor();
    await shot(page, "versions-unpublished");
    await page.getByPlaceholder("这次改了什么").fill("首次上线");
    await page.getByTestId("publish").click();
    await page.getByText("已发布 v1").first().waitFor({ timeout: 60_000 });
    const oldAnswer = await apiAnswer();
    expect(oldAnswer).toBeTruthy();
    // A customer asks something v1 does not know; the draft will learn it as a variant.
    expect(await apiAnswer(NEW_VARIANT)).not.toBe(oldAnswer);
    expect(oldAnswer).not.toBe(NEW_ANSWER);

    // The trainer edits the answer in the draft; customers still get v1.
    await page.goto(`${server.url}/w/demo/faqs/${faqId}`);
    await ready(page);
    await page.getByRole("textbox", { name: "答案", exact: true }).fill(NEW_ANSWER);
    const variants = page.getByRole("textbox", { name: "相似问法", exact: true });
    await variants.fill(`${await variants.inputValue()}\n${NEW_VARIANT}`);
    await page.getByRole("button", { name: /保\s*存/ }).click();
    await page.waitForURL(/saved=/, { timeout: 10_000 });
    expect(await apiAnswer()).toBe(oldAnswer);

    // The diff shows the answer change field by field; publish v2.
    await page.goto(`${server.url}/w/demo/versions`);
    await ready(page);
    const changed = page.getByTestId("diff-changed").filter({ hasText: QUESTION });
    await changed.getByText(NEW_ANSWER).waitFor();
    await shot(page, "versions-diff");
    // The impact preview replays the customers' turns: the new variant's turn changes.
    await page.getByTestId("impact-run").click();
    await page.getByTestId("impact-changed").getByText(NEW_VARIANT).waitFor({ timeout: 60_000 });
    await shot(page, "versions-impact");
    await page.getByPlaceholder("这次改了什么").fill("更新发货时间");
    await page.getByTestId("publish").click();
    await page.getByText("已发布 v2").first().waitFor({ timeout: 60_000 });
    const t0 = Date.now();
    while ((await apiAnswer()) !== NEW_ANSWER && Date.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 100));
    expect(await apiAnswer()).toBe(NEW_ANSWER);
    await shot(page, "versions-published");

    // Rollback to v1 as v3: the old answer is back; the list says what v3 restores.
    await page.getByTestId("rollback-1").click();
    await page.getByRole("button", { name: /确\s*定/ }).click();
    await page.getByText("已回滚：v3 恢复了 v1 的内容").waitFor({ timeout: 10_000 });
    expect(await apiAnswer()).toBe(oldAnswer);
    await page.reload();
    await ready(page);
    await page.getByText("回滚到 v1").first().waitFor();
    await shot(page, "versions-rolled-back");
    expect(errors).toEqual([]);
  });
});
