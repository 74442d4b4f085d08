/**
 * What the probe of issue 14 broke, over real HTTP against the built server: open redirects
 * (item 10), sessions that survive logout, a password change or a removal (11), unthrottled
 * logins (12), the last admin demoting themselves (13), the API limit and origin check
 * bypasses (15), bodies that gave a 500 (16) and the database outside DATA_DIR (17).
 */
import fs from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, type Db } from "../../db/client";
import { createApiKey } from "../../db/queries/bot";
import { createUser, getWorkspaceBySlug, removeMembership, setMembership, setPassword } from "../../db/queries/workspaces";
import { DEMO_PASSWORD } from "../../db/seed/seed";
import { createShopWithOwner } from "../support/fixtures";
import { Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let db: Db;
let demoId: number;

beforeAll(async () => {
  // No DATABASE_URL: the database must go to DATA_DIR (item 17).
  server = await startTestServer({ env: { DATABASE_URL: "" } });
  db = createDb(`file:${path.join(server.dir, "kb-studio.db")}`);
  demoId = (await getWorkspaceBySlug(db, "demo"))!.id;
});

afterAll(async () => {
  db?.$client.close();
  await server?.stop();
});

async function as(email: string, password = DEMO_PASSWORD) {
  return new Client(server.url).login(email, password);
}

describe("item 17: DATA_DIR holds the database", () => {
  it("creates the embedded database inside DATA_DIR when DATABASE_URL is not set", () => {
    expect(fs.existsSync(path.join(server.dir, "kb-studio.db"))).toBe(true);
  });
});

describe("item 10: redirects stay on this site", () => {
  for (const to of ["/\\127.0.0.1:4999/phish", "//evil.example/x", "https://evil.example/", "/\t/evil.example"]) {
    it(`login ignores redirectTo=${JSON.stringify(to)}`, async () => {
      const c = new Client(server.url);
      const res = await c.post("/login", { email: "trainer@kbstudio.dev", password: DEMO_PASSWORD, redirectTo: to });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/");
    });
    it(`the language switch ignores redirectTo=${JSON.stringify(to)}`, async () => {
      const res = await new Client(server.url).post("/resources/locale", { locale: "en", redirectTo: to });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/");
    });
  }
  it("keeps a path of this site", async () => {
    const res = await new Client(server.url).post("/login", { email: "qa@kbstudio.dev", password: DEMO_PASSWORD, redirectTo: "/w/demo/faqs?page=2" });
    expect(res.headers.get("location")).toBe("/w/demo/faqs?page=2");
  });
});

describe("item 11: sessions end", () => {
  it("after logout, the old cookie no longer works", async () => {
    const c = await as("manager@kbstudio.dev");
    const cookie = c.cookie;
    expect((await c.get("/w/demo/faqs")).status).toBe(200);
    await c.post("/logout");
    const old = new Client(server.url);
    old.cookie = cookie;
    const res = await old.get("/w/demo/faqs");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login/);
  });

  it("after a password change and after a removal, every session of that user", async () => {
    const user = await createUser(db, { email: "temp@kbstudio.dev", password: "temp-pass-1", name: "临时" });
    await setMembership(db, { userId: user.id, workspaceId: demoId, role: "trainer" });
    const a = await as("temp@kbstudio.dev", "temp-pass-1");
    const b = await as("temp@kbstudio.dev", "temp-pass-1");
    expect((await a.get("/w/demo/faqs")).status).toBe(200);
    await setPassword(db, user.id, "temp-pass-2");
    expect((await a.get("/w/demo/faqs")).status).toBe(302);
    expect((await b.get("/w/demo/faqs")).status).toBe(302);
    const c = await as("temp@kbstudio.dev", "temp-pass-2");
    expect((await c.get("/w/demo/faqs")).status).toBe(200);
    await removeMembership(db, { userId: user.id, workspaceId: demoId });
    expect((await c.get("/w/demo/faqs")).status).toBe(302);
  });
});

describe("item 12: login throttling", () => {
  it("after a few wrong passwords, answers 429 with the wait, even for the right one", async () => {
    const email = "admin@kbstudio.dev";
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await new Client(server.url).post("/login", { email, password: `wrong-${i}` }, { Accept: "text/html" });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses.slice(5)).toContain(429);
    const right = await new Client(server.url).post("/login", { email, password: DEMO_PASSWORD });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await right.text()).toContain("登录失败次数过多");
    // Another account from the same address is not locked by it.
    expect((await new Client(server.url).post("/login", { email: "qa@kbstudio.dev", password: DEMO_PASSWORD })).status).toBe(302);
  });
});

describe("item 13: a workspace keeps an admin", () => {
  it("refuses the last admin re-adding themselves with another role", async () => {
    // The shop's only admin is its owner.
    await createShopWithOwner(db, { slug: "solo", name: "独店", email: "owner-solo@kbstudio.dev" });
    const c = await as("owner-solo@kbstudio.dev");
    const res = await c.post("/w/solo/members.data", { intent: "add", email: "owner-solo@kbstudio.dev", role: "qa" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("LAST_ADMIN");
    const again = await c.get("/w/solo/members");
    expect(again.status).toBe(200);
  });
});

describe("item 15: the API limit and the origin check", () => {
  let key: string;
  beforeAll(async () => {
    key = (await createApiKey(db, { workspaceId: demoId, name: "sec", userId: null })).key;
  });
  const big = JSON.stringify({ sessionId: "s", text: "啊".repeat(600_000) });

  it("applies the API body limit whatever the path's case, with or without an Origin", async () => {
    for (const p of ["/api/v1/bot/reply", "/API/v1/bot/reply", "/Api/V1/Bot/Reply"]) {
      const res = await fetch(server.url + p, {
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", Origin: server.url },
        body: big,
      });
      expect(res.status, p).toBe(413);
    }
  });

  it("refuses a JSON body declared in another charset", async () => {
    const res = await fetch(`${server.url}/api/v1/bot/reply`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json; charset=gbk" },
      body: JSON.stringify({ sessionId: "s", text: "在吗" }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/UTF-8/);
  });

  it("compares the scheme too, and ignores X-Forwarded-Host unless told to trust a proxy", async () => {
    const c = await as("trainer@kbstudio.dev");
    const u = new URL(server.url);
    const https = await c.post("/w/demo/synonyms", { text: "" }, { Origin: `https://${u.host}` });
    expect(https.status).toBe(403);
    const forwarded = await c.post("/w/demo/synonyms", { text: "" }, { Origin: "http://evil.example", "X-Forwarded-Host": "evil.example" });
    expect(forwarded.status).toBe(403);
  });
});

describe("item 16: no request body gives a 500", () => {
  it("uploads a file whose name holds = and ;", async () => {
    const c = await as("trainer@kbstudio.dev");
    const form = new FormData();
    form.append("file", new Blob(["分类,标准问题,答案\n物流问题,发什么快递=;,默认中通\n"], { type: "text/csv" }), "价格=表;1.csv");
    const res = await c.post("/w/demo/import.data", form);
    expect(res.status).toBeLessThan(500);
    expect(res.status).toBe(200);
  });

  it("answers text/plain and boundary-less multipart bodies with a 4xx and a message", async () => {
    const c = await as("trainer@kbstudio.dev");
    for (const type of ["text/plain", "multipart/form-data", "application/json"]) {
      const r = await fetch(`${server.url}/w/demo/import`, {
        method: "POST",
        headers: { Cookie: c.cookie, Origin: server.url, "Content-Type": type },
        body: "hello",
      });
      expect(r.status, type).toBeGreaterThanOrEqual(400);
      expect(r.status, type).toBeLessThan(500);
      expect(await r.text()).toMatch(/表单/);
    }
  });
});
