/**
 * Issue 10: 机器人设置 shows what the automatic thresholds are based on (the demo shop's inbox
 * labels, with the held-out phrasings as prior) and lets an admin set the target precision.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO_PASSWORD } from "../../db/seed/seed";
import { startTestServer, type TestServer } from "../support/server";
import { launchBrowser, login, ready, shot, watchErrors } from "./browser";

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  // The demo history holds the inbox labels that the thresholds follow.
  server = await startTestServer({ env: { KB_DEMO_HISTORY: "1" } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("机器人设置", () => {
  it("shows the figures behind the thresholds and saves the target precision", async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    const errors = watchErrors(page);
    await login(page, server.url, "admin@kbstudio.dev", DEMO_PASSWORD);
    const figures = page.getByTestId("calibration");
    // The figures appear once the bot is trained (the page reads the loaded engine).
    await expect
      .poll(
        async () => {
          await page.goto(`${server.url}/w/demo/settings`);
          await ready(page);
          return (await figures.textContent()) ?? "";
        },
        { timeout: 180_000, interval: 2000 },
      )
      .toContain("收件箱标注的真实顾客问题");
    expect(await figures.textContent()).toMatch(/预计回答准确率\d+\.\d%/);
    await shot(page, "settings-calibration");

    const target = page.getByRole("spinbutton", { name: "目标回答准确率（%）" });
    await target.fill("90");
    await page.getByRole("button", { name: /保\s*存/ }).click();
    await page.getByText("已保存").first().waitFor();
    await page.reload();
    await ready(page);
    expect(await page.getByRole("spinbutton", { name: "目标回答准确率（%）" }).inputValue()).toBe("90");
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
