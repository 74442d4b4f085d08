/**
 * Every link of every page, as each demo role (issue 15 item 1: 知识库 → 导出 linked to
 * `../faqs/export`, which resolved to /w/faqs/export and downloaded a 404 page). A crawler logs in
 * as each role, follows every same-origin link the rendered pages show (a few per route pattern),
 * and expects each to answer below 400: a link a role is shown is a page that role may open.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO_PASSWORD } from "../../db/seed/seed";
import { startTestServer, type TestServer } from "../support/server";
import { launchBrowser, login, ready, watchErrors } from "./browser";

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const ROLES = ["admin", "trainer", "qa", "manager"] as const;
const PER_PATTERN = 2;
const MAX_PAGES = 80;
// Leaving the session or switching the language are not pages to check.
const SKIP = [/^\/logout/, /^\/resources\/locale/];

/** /w/demo/faqs/123?page=2 → /w/demo/faqs/:id : pages of one route count once or twice, not 50 times. */
function pattern(u: URL) {
  return u.pathname.replace(/\/\d+(?=\/|$)/g, "/:id");
}

async function linksOf(page: Page, base: string) {
  const hrefs = await page.$$eval("a[href]", (as) => as.map((a) => ({ href: (a as HTMLAnchorElement).href, download: a.hasAttribute("download") })));
  return hrefs.filter((h) => h.href.startsWith(base) && !h.href.includes("#"));
}

describe("every link a role is shown opens", () => {
  for (const role of ROLES) {
    it(`as ${role}`, async () => {
      const page = await browser.context.newPage();
      const errors = watchErrors(page);
      await page.context().clearCookies();
      await login(page, server.url, `${role}@kbstudio.dev`, DEMO_PASSWORD);
      const queue: { url: string; from: string; download: boolean }[] = [{ url: page.url(), from: "(login)", download: false }];
      const seen = new Set<string>();
      const perPattern = new Map<string, number>();
      const broken: string[] = [];
      let visited = 0;
      while (queue.length && visited < MAX_PAGES) {
        const { url, from, download } = queue.shift()!;
        const u = new URL(url);
        const key = u.pathname + u.search;
        if (seen.has(key) || SKIP.some((r) => r.test(u.pathname))) continue;
        seen.add(key);
        const pat = pattern(u);
        const n = perPattern.get(pat) ?? 0;
        if (n >= PER_PATTERN) continue;
        perPattern.set(pat, n + 1);
        visited++;
        if (download || !(await isHtml(page, url))) {
          // Downloads and resource routes: the same cookies, no navigation.
          const res = await page.request.get(url);
          if (res.status() >= 400) broken.push(`${res.status()} ${key} (linked from ${from})`);
          continue;
        }
        const res = await page.goto(url);
        const status = res?.status() ?? 0;
        if (status >= 400) {
          broken.push(`${status} ${key} (linked from ${from})`);
          continue;
        }
        const hydrated = await ready(page, 20_000).then(
          () => true,
          () => false,
        );
        if (!hydrated) {
          broken.push(`never hydrated ${key} (linked from ${from}): ${errors.join("; ")}`);
          continue;
        }
        for (const l of await linksOf(page, server.url)) queue.push({ url: l.href, from: key, download: l.download });
      }
      expect(broken, `broken links for ${role}`).toEqual([]);
      expect(visited).toBeGreaterThan(8);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});

async function isHtml(page: Page, url: string) {
  const res = await page.request.head(url).catch(() => null);
  const type = res?.headers()["content-type"] ?? "text/html";
  return type.includes("text/html");
}
