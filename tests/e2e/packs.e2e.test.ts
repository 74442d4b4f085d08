/**
 * Issue 5, done-when: a new, empty workspace (the generic pack subscribed by default) goes
 * through the onboarding wizard; the simulator then answers "什么时候发货" with the shop's own
 * 发货时间. Also: the pack to-do is listed, and a pack FAQ shows its read-only parts.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { createUser, createWorkspace, setMembership } from "../../db/queries/workspaces";
import { faqs } from "../../db/schema";
import { DEMO_PASSWORD } from "../../db/seed/seed";
import { browserSuite, openPage, pickSelect } from "../support/e2e";
import { ready, shot } from "./browser";

let whenFaqId = 0;
const EMAIL = "owner@new-shop.cn";
const SHIP_TIME = "36小时";

const e2e = browserSuite({ seed: false }, async (db) => {
  const ws = await createWorkspace(db, { slug: "new-shop", name: "小雨家", defaultPacks: true });
  const u = await createUser(db, { email: EMAIL, password: DEMO_PASSWORD });
  await setMembership(db, { userId: u.id, workspaceId: ws.id, role: "trainer" });
  const when = await db.query.faqs.findFirst({ where: and(eq(faqs.workspaceId, ws.id), eq(faqs.packId, "generic"), eq(faqs.packKey, "shipping.when")) });
  whenFaqId = when!.id;
});

describe("a new shop", () => {
  it("lists the unanswered pack questions as a to-do", async () => {
    const { page, errors } = await openPage(e2e, { as: EMAIL });
    await page.goto(`${e2e.server.url}/w/new-shop/packs`);
    await ready(page);
    await expect.poll(() => page.getByText(/还有 \d+ 个问题未配置答案/).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole("link", { name: "什么时候发货", exact: true }).isVisible()).toBe(true);
    await shot(page, "packs-center");

    expect(errors).toEqual([]);
    await page.close();
  });

  it("runs the onboarding wizard and the bot answers with the shop's facts", { timeout: 240_000 }, async () => {
    const { page, errors } = await openPage(e2e);
    // Same browser context: still logged in from the first test.
    await page.goto(`${e2e.server.url}/w/new-shop/onboarding`);
    await ready(page);
    await page.getByRole("textbox", { name: "店铺名称", exact: true }).fill("小雨家零食铺");
    await pickSelect(page, "主营类目", "食品生鲜");
    await shot(page, "onboarding-1");
    await page.getByRole("button", { name: /下一步/ }).click();
    await page.getByRole("textbox", { name: "下单后什么时候发货", exact: true }).fill(SHIP_TIME);
    await page.getByRole("textbox", { name: "发什么快递", exact: true }).fill("韵达快递");
    await page.getByRole("textbox", { name: "从哪里发货", exact: true }).fill("四川成都");
    await shot(page, "onboarding-2");
    await page.getByRole("button", { name: /下一步/ }).click();
    await page.getByRole("textbox", { name: "退货天数", exact: true }).fill("7");
    await page.getByRole("textbox", { name: "退货地址", exact: true }).fill("四川省成都市武侯区××路8号 小雨家售后 收");
    await page.getByRole("textbox", { name: "客服工作时间", exact: true }).fill("每天 9:00-22:00");
    await shot(page, "onboarding-3");
    await page.getByRole("button", { name: /完成/ }).click();
    await page.waitForURL(/\/w\/new-shop\/simulator/, { timeout: 20_000 });
    await ready(page);
    await shot(page, "onboarding-simulator");

    const box = page.getByRole("textbox", { name: "输入顾客的问题" });
    await box.fill("什么时候发货");
    await box.press("Enter");
    // The first reply waits for the engine trained on the new knowledge base (seconds).
    const reply = page.locator(".kb-msg-bot").nth(1);
    await reply.waitFor({ state: "visible", timeout: 110_000 });
    expect(await reply.innerText()).toContain(SHIP_TIME);
    await shot(page, "onboarding-answer");

    // The industry pack of the main category is subscribed, and the to-do shrank.
    await page.goto(`${e2e.server.url}/w/new-shop/packs`);
    await ready(page);
    const food = page.getByRole("row").filter({ hasText: "食品生鲜" }).first();
    await expect.poll(() => food.getByText("已订阅").isVisible()).toBe(true);
    await shot(page, "packs-after-onboarding");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows a pack FAQ with its read-only parts", async () => {
    const { page, errors } = await openPage(e2e);
    // A pack FAQ: read-only standard question, the pack tag, pack phrasings shown apart.
    await page.goto(`${e2e.server.url}/w/new-shop/faqs/${whenFaqId}`);
    await ready(page);
    const question = page.getByRole("textbox", { name: "标准问题", exact: true });
    await expect.poll(() => question.getAttribute("readonly")).not.toBeNull();
    await expect.poll(() => page.getByText("行业包：通用").isVisible()).toBe(true);
    await expect.poll(() => page.getByRole("list", { name: /行业包问法/ }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole("textbox", { name: "相似问法", exact: true }).inputValue()).toBe("");
    // The wizard's answer filled the template.
    expect(await page.getByRole("textbox", { name: "答案", exact: true }).inputValue()).toContain(SHIP_TIME);
    await shot(page, "packs-faq");
    expect(errors).toEqual([]);
    await page.close();
  });
});
