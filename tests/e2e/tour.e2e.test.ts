/**
 * The studio's pages as a trainer, a QA engineer and a manager meet them, with the full demo data
 * (60 days of traffic, a published version, suite runs), at 1440×900 and 1920×1080 in Chinese.
 *
 * Every page must fit its window (issue 15 item 5: the inbox table was 1,627 px wide in a
 * 1,851 px page at 1440 and Enter scrolled the page sideways) and keep its 200 px sidebar (item 6:
 * the sidebar shrank to about 30 px with vertical labels after an action's result).
 *
 * With KB_TOUR_DIR set (`npm run tour`), the 1440×900 views are written there: they are the
 * pictures of README's "What's inside" tour (docs/tour/, item 15).
 */
import fs from "node:fs";
import path from "node:path";

import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";

import { browserSuite, openPage } from "../support/e2e";
import { expectLayout, ready } from "./browser";

const e2e = browserSuite({ env: { KB_DEMO_HISTORY: "1", KB_DEMO_VERSIONS: "1" } });

/** A stop of the tour: the picture's name, the page, and what shows that its data is on screen. */
interface Stop {
  name: string;
  path: string;
  /** Text that the loaded page shows (its data, not just its title). */
  shows?: string;
  /** Something to do before the picture, once the page is ready. */
  act?: (page: Page) => Promise<void>;
}

const STOPS: Stop[] = [
  { name: "01-faqs", path: "/w/demo/faqs" },
  { name: "02-categories", path: "/w/demo/categories" },
  { name: "03-import", path: "/w/demo/import" },
  { name: "04-synonyms", path: "/w/demo/synonyms" },
  {
    name: "05-packs",
    path: "/w/demo/packs",
    shows: "通用",
    // An action's result above the table (the sidebar once shrank to 30 px after one): subscribe
    // the apparel pack, or, when an earlier window size did, unsubscribe it again.
    act: async (page) => {
      const subscribe = page.getByRole("button", { name: "订阅服装鞋包" });
      if (await subscribe.count()) await subscribe.click();
      else {
        await page.getByRole("button", { name: "退订服装鞋包" }).click();
        await page.locator(".ant-popconfirm .ant-btn-primary").click();
      }
      await page.locator(".kb-content .ant-alert").first().waitFor({ timeout: 60_000 });
    },
  },
  { name: "06-onboarding", path: "/w/demo/onboarding" },
  { name: "07-logs", path: "/w/demo/logs" },
  {
    name: "08-inbox",
    path: "/w/demo/logs/inbox",
    // The keyboard moves through the rows without moving the page sideways.
    act: async (page) => {
      await page.keyboard.press("j");
      await page.keyboard.press("Enter");
      // The opened row lists the messages it counts.
      await page.locator(".ant-table-expanded-row .ant-table-row").first().waitFor({ timeout: 20_000 });
    },
  },
  {
    name: "09-simulator",
    path: "/w/demo/simulator",
    act: async (page) => {
      const box = page.getByRole("textbox", { name: "输入顾客的问题" });
      await box.fill("什么时候发货");
      await box.press("Enter");
      await page.getByTestId("decision").first().waitFor({ timeout: 120_000 });
    },
  },
  { name: "10-suites", path: "/w/demo/suites", shows: "售后回归" },
  {
    name: "11-suite-run",
    path: "/w/demo/suites",
    act: async (page) => {
      await page.getByRole("link", { name: "售后回归" }).first().click();
      await ready(page);
      await page.locator("a[href*='/runs/']").first().click();
      await page.waitForURL(/\/runs\/\d+$/);
      await ready(page);
    },
  },
  { name: "12-suite-coverage", path: "/w/demo/suites/coverage" },
  { name: "13-metrics", path: "/w/demo/metrics", shows: "命中率" },
  { name: "14-metrics-faqs", path: "/w/demo/metrics/faqs" },
  { name: "15-versions", path: "/w/demo/versions" },
  { name: "16-products", path: "/w/demo/products" },
  { name: "17-settings", path: "/w/demo/settings" },
  { name: "18-api-keys", path: "/w/demo/api-keys" },
  { name: "19-members", path: "/w/demo/members" },
  { name: "20-audit", path: "/w/demo/audit" },
  {
    name: "21-suite-http-target",
    path: "/w/demo/suites",
    // A suite run against an external bot: its address and header lines that name server variables.
    act: async (page) => {
      await page.getByRole("link", { name: "售后回归" }).first().click();
      await ready(page);
      await page.getByRole("combobox", { name: "运行对象" }).click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="外部机器人（HTTP）"]').click();
      await page.getByRole("textbox", { name: "机器人接口地址" }).fill("https://shop.example.com/api/v1/bot/reply");
      await page.getByRole("textbox", { name: "请求头（每行一个）" }).fill("Authorization: Bearer ${SHOP_BOT_KEY}");
    },
  },
  { name: "22-suite-targets", path: "/w/demo/suites/targets", shows: "旧客服系统（迁移对比）" },
  {
    name: "23-suite-target-editor",
    path: "/w/demo/suites/targets",
    // A vendor bot's own request template, reply paths and decision words.
    act: async (page) => {
      await page
        .getByRole("row")
        .filter({ hasText: "旧客服系统" })
        .getByRole("button", { name: /编\s*辑/ })
        .click();
      await page.getByRole("textbox", { name: "决策映射" }).waitFor();
      // The drawer slides in: shoot it once it stands still.
      await page.getByTestId("target-save").waitFor();
      await page.waitForTimeout(600);
    },
  },
];

const OUT = process.env.KB_TOUR_DIR ? path.resolve(process.env.KB_TOUR_DIR) : null;

describe("every page fits its window, as the admin of the demo shop", () => {
  for (const size of [
    { width: 1440, height: 900 },
    { width: 1920, height: 1080 },
  ]) {
    it(`at ${size.width}×${size.height}`, async () => {
      const { page, errors } = await openPage(e2e, { as: "admin@kbstudio.dev", viewport: size });
      const bad: string[] = [];
      for (const stop of STOPS) {
        await page.goto(e2e.server.url + stop.path);
        await ready(page);
        if (stop.shows) await page.getByText(stop.shows).first().waitFor();
        await stop.act?.(page);
        // Charts draw after hydration (ClientOnly): let them settle before measuring and shooting.
        await page.waitForLoadState("networkidle");
        bad.push(
          ...(await expectLayout(page, stop.name).then(
            () => [],
            (e: Error) => [e.message],
          )),
        );
        if (OUT && size.width === 1440) {
          fs.mkdirSync(OUT, { recursive: true });
          await page.screenshot({ path: path.join(OUT, `${stop.name}.png`) });
        }
      }
      expect(bad).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }, 600_000);
  }
});
