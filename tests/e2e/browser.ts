import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Debian's Chromium with the flags this machine needs (no sandbox as root, no background network). */
export async function launchBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kb-chromium-"));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    locale: "zh-CN",
    viewport: { width: 1366, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until React has hydrated the page, so that typing reaches the app and not a dead form. */
export async function ready(page: Page, timeout = 90_000) {
  await page.waitForSelector("html[data-hydrated]", { state: "attached", timeout });
}

export async function login(page: Page, base: string, email: string, password: string) {
  // A shared context may hold another test's session, and /login sends a signed-in user away.
  await page.context().clearCookies();
  await page.goto(`${base}/login`);
  await ready(page);
  await page.getByRole("textbox", { name: "邮箱", exact: true }).fill(email);
  await page.locator("input[name=password]").fill(password);
  await page
    .getByRole("button", { name: "登 录" })
    .or(page.getByRole("button", { name: "登录" }))
    .click();
  await page.waitForURL(/\/w\/[^/]+\/faqs/);
  await ready(page);
}

/** Fails the test on any page error or console error, like the unit tests do. */
export function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() !== "error" || /status of 40[34]/.test(m.text())) return;
    // Remix logs the AbortError of a fetcher poll whose response body was still streaming when the
    // test navigated away (page.goto aborts in-flight fetches); nothing on the page failed.
    if (/^AbortError: signal is aborted without reason/.test(m.text())) return;
    errors.push(`console: ${m.text()}`);
  });
  return errors;
}

export async function shot(page: Page, name: string) {
  const dir = process.env.KB_SCREENSHOTS;
  if (dir) {
    fs.mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
  }
}

/**
 * The page fits its window and keeps its sidebar (issue 15 items 5 and 6): no sideways scrolling
 * of the page itself (a wide table scrolls inside its own box), and the menu at its full 200 px.
 */
export async function expectLayout(page: Page, what: string) {
  const m = await page.evaluate(() => {
    const sider = document.querySelector(".ant-layout-sider");
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      scrollX: window.scrollX,
      sider: sider ? Math.round(sider.getBoundingClientRect().width) : null,
    };
  });
  const problems: string[] = [];
  if (m.scrollWidth > m.innerWidth) problems.push(`page is ${m.scrollWidth} px wide in a ${m.innerWidth} px window`);
  if (m.scrollX !== 0) problems.push(`page scrolled ${m.scrollX} px sideways`);
  if (m.sider !== null && m.sider !== 200) problems.push(`sidebar is ${m.sider} px wide`);
  if (problems.length) throw new Error(`${what}: ${problems.join("; ")}`);
}
