/**
 * The set-up the browser tests share: the built server and one browser for a test file, a new tab
 * that records page errors (signed in when asked), and picking an antd Select option.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

import { createDb, type Db } from "../../db/client";
import { DEMO_PASSWORD } from "../../db/seed/seed";
import { launchBrowser, login, watchErrors } from "../e2e/browser";
import { startTestServer, type TestServer } from "./server";

export interface BrowserSuite {
  server: TestServer;
  browser: Awaited<ReturnType<typeof launchBrowser>>;
}

/**
 * Before the file: the built server (`opts` as startTestServer takes them), then `prepare` on its
 * database (what the file needs besides the seed), then one browser; after it, both stop.
 * Read `server` and `browser` inside tests, once beforeAll ran.
 */
export function browserSuite(opts: Parameters<typeof startTestServer>[0] = {}, prepare?: (db: Db) => Promise<void>): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    suite.server = await startTestServer(opts);
    if (prepare) {
      const db = createDb(suite.server.databaseUrl);
      try {
        await prepare(db);
      } finally {
        db.$client.close();
      }
    }
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}

/**
 * A new tab of the suite's browser, at `viewport` when given, that records page and console errors
 * (`errors`, expected empty at the end); signed in with DEMO_PASSWORD when `as` names an email.
 */
export async function openPage(suite: BrowserSuite, opts: { as?: string; viewport?: { width: number; height: number } } = {}) {
  const page = await suite.browser.context.newPage();
  if (opts.viewport) await page.setViewportSize(opts.viewport);
  const errors = watchErrors(page);
  if (opts.as) await login(page, suite.server.url, opts.as, DEMO_PASSWORD);
  return { page, errors };
}

/** Opens the antd Select labelled `label` and clicks its first option that shows `option`. */
export async function pickSelect(page: Page, label: string, option: string) {
  await page.getByRole("combobox", { name: label, exact: true }).click();
  await page.locator(".ant-select-dropdown:visible .ant-select-item-option", { hasText: option }).first().click();
}
