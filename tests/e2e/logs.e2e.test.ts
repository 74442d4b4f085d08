/**
 * Issue 4, done-when: a trainer imports a chat-log file, opens the labeling inbox, labels the
 * biggest cluster as variants of an FAQ using only the keyboard, and the simulator then answers
 * that question with the FAQ.
 */
import fs from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb } from "../../db/client";
import { getFaq, listFaqs } from "../../db/queries/faqs";
import { getWorkspaceBySlug } from "../../db/queries/workspaces";
import { DEMO_PASSWORD } from "../../db/seed/seed";
import { startTestServer, type TestServer } from "../support/server";
import { expectLayout, launchBrowser, login, ready, shot, watchErrors } from "./browser";

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let file: string;
const QUESTION = "可以寄到新加坡吗";
const TARGET_FAQ = "偏远地区能发货吗";

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  // The same unanswered question in four sessions (one with other punctuation), among other turns.
  const rows = [
    "会话ID,时间,角色,内容",
    `E1,2024-06-01 10:00:00,买家,${QUESTION}`,
    "E1,2024-06-01 10:00:20,客服,亲，目前只发国内哦",
    `E2,2024-06-01 11:00:00,买家,${QUESTION}？`,
    "E2,2024-06-01 11:00:30,买家,这件卫衣有黑色吗",
    `E3,2024-06-02 09:00:00,买家,在吗`,
    `E3,2024-06-02 09:00:05,买家,${QUESTION}`,
    `E4,2024-06-02 15:00:00,买家,${QUESTION}!!`,
    "E4,2024-06-02 15:00:10,客服,亲，暂时不支持寄到海外呢",
  ];
  file = path.join(server.dir, "chats-e2e.csv");
  fs.writeFileSync(file, `\ufeff${rows.join("\r\n")}\r\n`);
});

/** The FAQ the labeled cluster was added to, read from the database. */
async function targetFaq() {
  const db = createDb(server.databaseUrl);
  try {
    const ws = (await getWorkspaceBySlug(db, "demo"))!;
    const faqRow = (await listFaqs(db, { workspaceId: ws.id, q: TARGET_FAQ })).rows.find((r) => r.question === TARGET_FAQ)!;
    return (await getFaq(db, { workspaceId: ws.id, id: faqRow.id }))!;
  } finally {
    db.$client.close();
  }
}

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("chat logs: import, label with the keyboard, the bot answers", () => {
  it("imports, labels a cluster as variants with the keyboard only, and the simulator answers", async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await login(page, server.url, "trainer@kbstudio.dev", DEMO_PASSWORD);
    await page.goto(`${server.url}/w/demo/logs`);
    await ready(page);

    // Import: upload, confirm the guessed columns, wait for import and replay.
    await page.setInputFiles("input[type=file]", file);
    await page.getByRole("button", { name: /上传并预览/ }).click();
    await expect.poll(() => page.getByRole("combobox", { name: "内容" }).isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByRole("button", { name: /开始导入/ }).click();
    const toInbox = page.getByRole("link", { name: /去标注收件箱/ });
    await toInbox.waitFor({ timeout: 120_000 }).catch(async (e) => {
      await shot(page, "logs-import-failed");
      throw e;
    });
    await expect.poll(() => page.getByText(/导入完成/).isVisible()).toBe(true);
    // The posts went to the index route; the address bar does not keep Remix's ?index marker.
    expect(new URL(page.url()).searchParams.has("index")).toBe(false);
    // The import result above the page keeps the sidebar whole (issue 15 item 6).
    await expectLayout(page, "log import result");
    await shot(page, "logs-imported");
    await toInbox.click();
    await page.waitForURL(/\/logs\/inbox/);
    await ready(page);

    // The biggest cluster comes first and has the focus: the question ×4.
    const focused = page.locator("tr[aria-current=true]");
    await expect.poll(() => focused.textContent(), { timeout: 15_000 }).toContain(QUESTION);
    expect(await focused.textContent()).toContain("4");
    await shot(page, "logs-inbox");

    // Keyboard only: v opens the FAQ picker, type to search, Enter picks.
    await page.keyboard.press("v");
    const picker = page.getByRole("combobox", { name: "选择问题" });
    await expect.poll(() => picker.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type("偏远地区");
    await expect
      .poll(() => page.locator(".ant-select-dropdown:visible .ant-select-item-option-active").textContent(), { timeout: 10_000 })
      .toContain(TARGET_FAQ);
    await shot(page, "logs-picker");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByText(/已把 4 条消息标为「相似问法」/).isVisible(), { timeout: 15_000 }).toBe(true);
    // The cluster left the queue.
    await expect.poll(async () => (await page.locator("tbody").textContent()) ?? "").not.toContain(QUESTION);
    await shot(page, "logs-labeled");

    const faq = await targetFaq();
    expect(faq.variants.some((v) => v.includes("新加坡"))).toBe(true);

    // The simulator (the lead's page) now answers the question with that FAQ.
    await page.goto(`${server.url}/w/demo/simulator`);
    await ready(page);
    const input = page.getByRole("textbox", { name: "输入顾客的问题" });
    await input.fill(QUESTION);
    await input.press("Enter");
    const decision = page.getByTestId("decision").last();
    // The simulator waits for the retrain that the new variants started (slow on a busy machine).
    await expect.poll(() => decision.textContent(), { timeout: 180_000 }).toBe("直接回答");
    await expect.poll(() => page.getByText(faq.answer.split("\n")[0].slice(0, 20)).first().isVisible()).toBe(true);
    await shot(page, "logs-simulator");
    expect(errors).toEqual([]);
    await page.close();
  }, 480_000);

  it("deletes the batch after a confirmation that counts its turns and labels; the new variants stay", async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    // Same browser context: still signed in as the trainer.
    await page.goto(`${server.url}/w/demo/logs`);
    await ready(page);
    const row = page.locator("tr", { hasText: "chats-e2e.csv" });
    await row.getByRole("button", { name: "删除" }).click();
    const confirm = page.locator(".ant-popconfirm");
    await expect.poll(() => confirm.textContent()).toContain("8 条对话和 4 条标注");
    await shot(page, "logs-delete-confirm");
    await confirm.getByRole("button", { name: /删\s*除/ }).click();
    await expect.poll(() => page.getByText(/已删除批次「chats-e2e.csv」/).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => row.count()).toBe(0);
    await shot(page, "logs-deleted");

    const faq = await targetFaq();
    expect(faq.variants.some((v) => v.includes("新加坡"))).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
