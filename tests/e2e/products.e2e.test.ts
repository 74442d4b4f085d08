/**
 * Issue 16, done-when (product part), in Chinese: a trainer imports a catalogue on 商品知识库 with a
 * preview, opens a product, goes to the simulator on it, asks 这款是纯棉的吗 and 我165 100斤穿什么码
 * and gets that product's answers; the picker switches to another product.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO_PASSWORD } from "../../db/seed/seed";
import { startTestServer, type TestServer } from "../support/server";
import { launchBrowser, login, ready, shot, watchErrors } from "./browser";

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let file: string;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kb-products-")), "新品.csv");
  fs.writeFileSync(
    file,
    [
      "商品ID,标题,类目,价格带,链接,图片,在售,尺码表,材质,颜色",
      "990001,木棉 莫代尔弹力背心,背心,39-49,https://item.example.com/990001,,是,S 150-158cm 80-95斤 | M 158-166cm 95-110斤 | L 166-172cm 110-125斤,92%棉 8%氨纶,白色、黑色",
      "990002,木棉 全棉家居服套装,家居服,99,,,是,,100%纯棉,粉色",
      ",没有商品ID的行,,,,,,,,",
    ].join("\r\n"),
  );
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

describe("商品知识库", () => {
  it("imports a catalogue and the simulator answers from the product", { timeout: 240_000 }, async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    const errors = watchErrors(page);
    await login(page, server.url, "trainer@kbstudio.dev", DEMO_PASSWORD);
    await page.goto(`${server.url}/w/demo/products`);
    await ready(page);
    await expect.poll(() => page.getByText("木棉 精梳棉基础圆领短袖T恤 女").isVisible()).toBe(true);
    await shot(page, "products-list");

    await page.locator("input[type=file][name=file]").setInputFiles(file);
    await page
      .getByRole("button", { name: "预览" })
      .or(page.getByRole("button", { name: "预 览" }))
      .click();
    const preview = page.getByTestId("product-preview");
    await expect.poll(() => preview.isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => preview.getByText("商品ID不能为空").isVisible()).toBe(true);
    await shot(page, "products-preview");
    await page.getByRole("button", { name: "确认导入 2 个商品" }).click();
    await expect.poll(() => page.getByText("导入完成：新增 2，更新 0，未变 0，拒绝 1").isVisible(), { timeout: 30_000 }).toBe(true);

    await page.getByRole("searchbox", { name: "搜索标题或商品ID" }).or(page.getByPlaceholder("搜索标题或商品ID")).first().fill("莫代尔");
    await page.keyboard.press("Enter");
    await page.getByRole("link", { name: "木棉 莫代尔弹力背心" }).click();
    const detail = page.getByTestId("product-detail");
    await expect.poll(() => detail.getByText("92%棉 8%氨纶").isVisible(), { timeout: 30_000 }).toBe(true);
    // The drawer slides in: the screenshot waits for it to settle.
    await page.locator(".ant-drawer-content-wrapper").evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
    await shot(page, "products-detail");

    await detail.getByRole("link", { name: /在模拟器里问这个商品/ }).click();
    await page.waitForURL(/\/simulator\?product=990001/);
    await ready(page);
    const box = page.getByRole("textbox", { name: "输入顾客的问题" });
    await box.fill("这款是纯棉的吗");
    await box.press("Enter");
    const first = page.locator(".kb-msg-bot").nth(1);
    await expect.poll(() => first.textContent(), { timeout: 120_000 }).toContain("不是纯棉的哦，材质是 92%棉 8%氨纶");
    await expect.poll(() => first.getByTestId("product-answer").textContent()).toBe("商品属性");
    await box.fill("我165 100斤穿什么码");
    await box.press("Enter");
    const second = page.locator(".kb-msg-bot").nth(2);
    await expect.poll(() => second.textContent(), { timeout: 60_000 }).toContain("建议选 M 码");
    await expect.poll(() => second.getByTestId("product-answer").textContent()).toBe("尺码推荐");
    await shot(page, "products-simulator");

    // Another product: a new conversation about it.
    // Chosen from the keyboard: a click on an option of a dropdown still sliding in can miss it,
    // and the question would then be asked about the old product.
    const picker = page.getByRole("combobox", { name: "买家正在看的商品" });
    await picker.click();
    await picker.pressSequentially("990002");
    await expect.poll(() => page.locator(".ant-select-dropdown:visible .ant-select-item-option-active").textContent()).toContain("木棉 全棉家居服套装");
    await picker.press("Enter");
    await expect.poll(() => page.getByTestId("sim-product").textContent()).toContain("990002");
    // A new conversation: only the welcome is left.
    await expect.poll(() => page.locator(".kb-msg-bot").count()).toBe(1);
    await box.fill("这款是纯棉的吗");
    await box.press("Enter");
    await expect.poll(() => page.locator(".kb-msg-bot").nth(1).textContent(), { timeout: 60_000 }).toContain("是的哦，材质是 100%纯棉");

    expect(errors).toEqual([]);
    await page.close();
  });
});
