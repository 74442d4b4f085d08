/**
 * Issue 2, done-when: a trainer creates an FAQ with 3 variants, finds it by searching one
 * variant, edits its answer and sees the audit entry; qa is refused editing; another
 * workspace's FAQ URL is a 404.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { createDb } from "../../db/client";
import { getFaq, listFaqs } from "../../db/queries/faqs";
import { DEMO_PASSWORD, insertFaqs } from "../../db/seed/seed";
import { browserSuite, openPage, pickSelect } from "../support/e2e";
import { createShopWithOwner } from "../support/fixtures";
import { launchBrowser, login, ready, shot } from "./browser";

let otherFaqUrl: string;

const e2e = browserSuite({}, async (db) => {
  const other = await createShopWithOwner(db, { slug: "other-shop", name: "别家小店", email: "boss@other.cn" });
  await insertFaqs(
    db,
    other.workspaceId,
    [{ category: "物流问题", question: "别家的秘密问题", answer: "秘密答案", variants: [], keywords: [], related: [] }],
    other.userId,
  );
  otherFaqUrl = `/w/other-shop/faqs/${(await listFaqs(db, { workspaceId: other.workspaceId })).rows[0].id}`;
  await createShopWithOwner(db, { slug: "new-shop", name: "新开的店", email: "owner@new-shop.cn", defaultPacks: true });
});

describe("trainer curates an FAQ", () => {
  let faqUrl = "";

  it("creates an FAQ with 3 variants", async () => {
    const { page, errors } = await openPage(e2e, { as: "trainer@kbstudio.dev" });
    await page.getByRole("link", { name: /新建问题/ }).click();
    await page.waitForURL(/\/faqs\/new$/);
    await page.getByRole("textbox", { name: "标准问题", exact: true }).fill("定制T恤能印公司logo吗");
    await page.getByRole("textbox", { name: "答案", exact: true }).fill("亲，10件起可以定制印logo哦～\n请把图案发给客服。");
    await page.getByRole("textbox", { name: "相似问法", exact: true }).fill("T恤上可以印字吗\n\n能给团队定制印logo不\n衣服能印图案吗\nT恤上可以印字吗");
    await pickSelect(page, "分类", "购买操作");
    await page.getByRole("button", { name: /保\s*存/ }).click();
    await page.waitForURL(/\/faqs\/\d+\?saved=created/, { timeout: 10_000 }).catch(async (e) => {
      await shot(page, "faq-create-failed");
      throw e;
    });
    await expect.poll(() => page.getByText("问题已创建").isVisible()).toBe(true);
    // The blank line and the repeated variant were dropped, with a notice.
    await expect.poll(() => page.getByText("已去掉 1 个空行和 1 条重复的相似问法").isVisible()).toBe(true);
    expect(await page.getByRole("textbox", { name: "相似问法", exact: true }).inputValue()).toBe("T恤上可以印字吗\n能给团队定制印logo不\n衣服能印图案吗");
    faqUrl = new URL(page.url()).pathname;
    await shot(page, "faq-created");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("finds it by searching one variant, edits the answer and sees the audit entry", async () => {
    const { page, errors } = await openPage(e2e);
    await page.goto(`${e2e.server.url}/w/demo/faqs`);
    await ready(page);
    await page.keyboard.press("/");
    await page.keyboard.type("团队定制印logo");
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=/);
    const link = page.getByRole("link", { name: "定制T恤能印公司logo吗" });
    // The new FAQ is also first in the unfiltered list: wait for the filtered result itself.
    await expect.poll(() => page.locator(".ant-table-row").count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => link.isVisible()).toBe(true);
    await shot(page, "faq-search");
    await link.click();
    await page.waitForURL((u) => u.pathname === faqUrl);
    await page.getByRole("textbox", { name: "答案", exact: true }).fill("亲，10件起可以定制，打样三个工作日内寄出哦～");
    await page.keyboard.press("Control+s");
    await page.waitForURL(/saved=updated/);
    await expect.poll(() => page.getByText("问题已保存").isVisible()).toBe(true);
    const history = page.locator(".ant-card", { hasText: "修改记录" });
    await expect.poll(() => history.getByText("打样三个工作日内寄出").isVisible()).toBe(true);
    await expect.poll(() => history.getByText("训练师 小林 · 修改").isVisible()).toBe(true);
    await page.goto(`${e2e.server.url}/w/demo/audit`);
    await expect.poll(() => page.getByRole("link", { name: "定制T恤能印公司logo吗" }).first().isVisible()).toBe(true);
    await shot(page, "audit");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("qa can read but is refused editing", async () => {
    const { context, close } = await launchBrowser();
    const page = await context.newPage();
    await login(page, e2e.server.url, "qa@kbstudio.dev", DEMO_PASSWORD);
    await page.goto(e2e.server.url + faqUrl);
    await ready(page);
    await expect.poll(() => page.getByText("只读：你的角色（测试）不能修改知识库").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: /保\s*存/ }).count()).toBe(0);
    expect(await page.getByRole("textbox", { name: "答案", exact: true }).isDisabled()).toBe(true);
    // Even a hand-made request from the qa's own session is refused.
    const status = await page.evaluate(async (url) => {
      const body = new URLSearchParams({ intent: "delete" });
      return (await fetch(url, { method: "POST", body })).status;
    }, e2e.server.url + faqUrl);
    expect(status).toBe(403);
    const res = await page.goto(`${e2e.server.url}/w/demo/faqs/new`);
    expect(res?.status()).toBe(403);
    await expect.poll(() => page.getByText("没有权限").isVisible()).toBe(true);
    // The refusal shows in the page's place: the sidebar stays, and the next page is one click away.
    await page.getByRole("link", { name: "知识库", exact: true }).click();
    await page.waitForURL(/\/w\/demo\/faqs$/);
    await expect.poll(() => page.getByText("没有权限").isVisible()).toBe(false);
    await close();
  });

  it("another workspace's FAQ URL is a 404", async () => {
    const page = await e2e.browser.context.newPage();
    const res = await page.goto(e2e.server.url + otherFaqUrl);
    expect(res?.status()).toBe(404);
    await expect.poll(() => page.getByText("找不到这个页面").isVisible()).toBe(true);
    expect(await page.content()).not.toContain("别家的秘密问题");
    await page.close();
  });
});

describe("trainer previews an import", () => {
  it("shows row errors in Chinese and what an update would clear, before anything is written", async () => {
    const db = createDb(e2e.server.databaseUrl);
    const demo = await db.query.workspaces.findFirst({ where: (w, { eq }) => eq(w.slug, "demo") });
    const rows = (await listFaqs(db, { workspaceId: demo!.id, pageSize: 100 })).rows;
    const full = await Promise.all(rows.slice(0, 40).map((r) => getFaq(db, { workspaceId: demo!.id, id: r.id })));
    db.$client.close();
    const [a, b] = full.filter((f) => f && f.variants.length >= 2 && !f.packId) as NonNullable<(typeof full)[number]>[];
    // Row 2 empties a's variants; row 3 claims one of b's variants for a new question.
    const file = path.join(os.tmpdir(), `preview-${Date.now()}.csv`);
    const cell = (s: string) => `"${s.replace(/"/g, '""')}"`;
    fs.writeFileSync(
      file,
      [
        "分类,标准问题,相似问法,答案",
        [a.categoryName, a.question, "", a.answer].map(cell).join(","),
        [b.categoryName, "一个新问题", b.variants[0], "新答案"].map(cell).join(","),
      ].join("\r\n"),
    );
    const { page, errors } = await openPage(e2e, { as: "trainer@kbstudio.dev" });
    await page.goto(`${e2e.server.url}/w/demo/import`);
    await ready(page);
    await page.setInputFiles('input[type="file"]', file);
    await page.getByRole("button", { name: /预\s*览/ }).click();
    await expect.poll(() => page.getByText(`将清空 ${a.variants.length} 个相似问法`).isVisible()).toBe(true);
    await expect.poll(() => page.getByText(`“${b.variants[0]}”已是问题 #${b.id}「${b.question}」的问法`).isVisible()).toBe(true);
    expect(await page.getByText(/already belongs|row \d+, column/).count()).toBe(0);
    await shot(page, "import-preview");
    expect(errors).toEqual([]);
    await page.close();
    fs.rmSync(file);
  });
  it("a merchant's FAQ file imports whole into a shop with the generic pack: the pack's phrasings move, row by row, in Chinese (issue 10)", async () => {
    const file = path.join(os.tmpdir(), `kb-merchant-wins-${process.pid}.csv`);
    fs.writeFileSync(file, ["分类,标准问题,相似问法,答案", '物流问题,邮费规则,"免邮吗\n邮费谁出",满99包邮，不满收10元'].join("\r\n"));
    const { page, errors } = await openPage(e2e, { as: "owner@new-shop.cn", viewport: { width: 1440, height: 900 } });
    await page.goto(`${e2e.server.url}/w/new-shop/import`);
    await ready(page);
    await page.setInputFiles('input[type="file"]', file);
    await page.getByRole("button", { name: /预\s*览/ }).click();
    await expect.poll(() => page.getByText(/导入时还会做的事（1）/).isVisible()).toBe(true);
    await expect.poll(() => page.getByText(/“免邮吗”原是行业包问题 #\d+「包邮吗」的问法，导入后归这一行的问题/).isVisible()).toBe(true);
    await shot(page, "import-preview-merchant-wins");
    await page.getByRole("button", { name: /确认导入/ }).click();
    await expect
      .poll(
        () =>
          page
            .getByText(/导入完成/)
            .first()
            .isVisible(),
        { timeout: 30_000 },
      )
      .toBe(true);
    expect(errors).toEqual([]);
    await page.close();
    fs.rmSync(file);
  });

  it("a row that means what a pack question means merges into it with one click (issue 10)", async () => {
    const file = path.join(os.tmpdir(), `kb-merge-pack-${process.pid}.csv`);
    fs.writeFileSync(file, ["分类,标准问题,相似问法,答案", '物流问题,运费规则,"快递费多少\n运费多少钱",满99包邮，不满收10元'].join("\r\n"));
    const { page, errors } = await openPage(e2e, { as: "owner@new-shop.cn", viewport: { width: 1440, height: 900 } });
    await page.goto(`${e2e.server.url}/w/new-shop/import`);
    await ready(page);
    await page.setInputFiles('input[type="file"]', file);
    await page.getByRole("button", { name: /预\s*览/ }).click();
    const near = page.getByTestId("near-pack");
    await near.getByText("与行业包问题意思相近（1）").waitFor();
    await near.getByRole("cell", { name: "运费多少", exact: false }).first().waitFor();
    await near.getByRole("switch", { name: "第 2 行合并到行业包问题" }).click();
    await page.getByRole("button", { name: "确认导入 1 行（其中 1 行合并到行业包问题）" }).waitFor();
    await shot(page, "import-preview-merge-pack");
    await page.getByRole("button", { name: /确认导入/ }).click();
    await page
      .getByText(/导入完成/)
      .first()
      .waitFor({ timeout: 30_000 });
    await page.getByText("合并到「运费多少」").first().waitFor();
    // No second FAQ for the meaning: the pack question has the row's answer and phrasings.
    const db = createDb(e2e.server.databaseUrl);
    const ws = (await db.$client.execute("select id from workspaces where slug = 'new-shop'")).rows[0].id as number;
    const rows = (await listFaqs(db, { workspaceId: ws, pageSize: 500 })).rows;
    expect(rows.some((r) => r.question === "运费规则")).toBe(false);
    const fee = (await getFaq(db, { workspaceId: ws, id: rows.find((r) => r.question === "运费多少")!.id }))!;
    expect(fee.answer).toBe("满99包邮，不满收10元");
    expect(fee.variants).toContain("运费规则");
    db.$client.close();
    expect(errors).toEqual([]);
    await page.close();
    fs.rmSync(file);
  });
});
