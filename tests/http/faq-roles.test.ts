/**
 * Every FAQ route and action, for every role, over real HTTP against the built server
 * (issue 2): members read, only admins and trainers write, qa and manager get 403, and another
 * workspace's data is a 404, never a 403.
 */
import http from "node:http";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb } from "../../db/client";
import { listCategories, listFaqs } from "../../db/queries/faqs";
import { getWorkspaceBySlug } from "../../db/queries/workspaces";
import { DEMO_PASSWORD, insertFaqs } from "../../db/seed/seed";
import { createShopWithOwner } from "../support/fixtures";
import { allowed, MEMBER_EMAIL, readAll, type RoleCase, roleMatrix, signInEveryone, type Who } from "../support/roles";
import { Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let demoFaqId: number;
let otherFaqId: number;
let demoCategoryId: number;
const PASSWORD = DEMO_PASSWORD;

const OUTSIDER = "owner@other-shop.cn";
let clients: Record<Who, Client>;

beforeAll(async () => {
  server = await startTestServer();
  const db = createDb(server.databaseUrl);
  // A second shop with its own admin and one FAQ.
  const other = await createShopWithOwner(db, { slug: "other", name: "别家小店", email: OUTSIDER });
  await insertFaqs(
    db,
    other.workspaceId,
    [{ category: "物流问题", question: "别家的发货时间", answer: "三天内", variants: ["别家几天发"], keywords: [], related: [] }],
    other.userId,
  );
  otherFaqId = (await listFaqs(db, { workspaceId: other.workspaceId })).rows[0].id;
  const demo = (await getWorkspaceBySlug(db, "demo"))!;
  demoFaqId = (await listFaqs(db, { workspaceId: demo.id, pageSize: 5 })).rows[0].id;
  demoCategoryId = (await listCategories(db, demo.id))[0].id;
  db.$client.close();
  clients = await signInEveryone(server.url, OUTSIDER);
});

afterAll(async () => {
  await server?.stop();
});

const R = 200; // page renders
const W = 302; // write accepted (redirect after POST)
const editors = (ok: number) => allowed(ok, ["admin", "trainer"]);

type Case = RoleCase;

const saveBody = (question: string) => () => ({
  intent: "save",
  question,
  answer: "测试答案",
  categoryId: String(demoCategoryId),
  variants: `${question}呀\n${question}吗`,
  keywords: "",
  enabled: "1",
});

let n = 0;
const cases: Case[] = [
  { name: "list", method: "GET", path: () => "/w/demo/faqs", expect: readAll },
  { name: "list with search", method: "GET", path: () => "/w/demo/faqs?q=%E5%8F%91%E8%B4%A7", expect: readAll },
  { name: "detail", method: "GET", path: () => `/w/demo/faqs/${demoFaqId}`, expect: readAll },
  { name: "titles picker", method: "GET", path: () => "/w/demo/faqs/titles?q=", expect: readAll },
  { name: "export xlsx", method: "GET", path: () => "/w/demo/faqs/export?format=xlsx", expect: readAll },
  { name: "export csv", method: "GET", path: () => "/w/demo/faqs/export?format=csv", expect: readAll },
  { name: "categories", method: "GET", path: () => "/w/demo/categories", expect: readAll },
  { name: "import page", method: "GET", path: () => "/w/demo/import", expect: readAll },
  { name: "audit", method: "GET", path: () => "/w/demo/audit", expect: readAll },
  { name: "new form", method: "GET", path: () => "/w/demo/faqs/new", expect: editors(R) },
  { name: "create", method: "POST", path: () => "/w/demo/faqs/new", body: () => saveBody(`角色测试新问题${++n}`)(), expect: editors(W) },
  { name: "update", method: "POST", path: () => `/w/demo/faqs/${demoFaqId}`, body: () => ({ ...saveBody(`角色测试改名${++n}`)() }), expect: editors(W) },
  { name: "disable", method: "POST", path: () => `/w/demo/faqs/${demoFaqId}`, body: () => ({ intent: "disable" }), expect: editors(W) },
  { name: "enable", method: "POST", path: () => `/w/demo/faqs/${demoFaqId}`, body: () => ({ intent: "enable" }), expect: editors(W) },
  { name: "category create", method: "POST", path: () => "/w/demo/categories", body: () => ({ intent: "create", name: `角色分类${++n}` }), expect: editors(R) },
  {
    name: "import apply",
    method: "POST",
    path: () => "/w/demo/import",
    body: () => ({ intent: "apply", token: "0".repeat(64), createCategories: "0" }),
    expect: { ...editors(400) },
  },
  {
    name: "members page",
    method: "GET",
    path: () => "/w/demo/members",
    expect: { admin: R, trainer: 403, qa: 403, manager: 403, outsider: 404, anonymous: 302 },
  },
  {
    name: "members change",
    method: "POST",
    path: () => "/w/demo/members",
    body: () => ({ intent: "add", email: `m${++n}@kbstudio.dev`, role: "qa", password: "password123" }),
    expect: { admin: R, trainer: 403, qa: 403, manager: 403, outsider: 404, anonymous: 302 },
  },
  // Another workspace's FAQ is invisible: 404 through either workspace's URL.
  {
    name: "other shop's FAQ by demo URL",
    method: "GET",
    path: () => `/w/demo/faqs/${otherFaqId}`,
    expect: { admin: 404, trainer: 404, qa: 404, manager: 404, outsider: 404, anonymous: 302 },
  },
  {
    name: "other shop's FAQ by its URL",
    method: "GET",
    path: () => `/w/other/faqs/${otherFaqId}`,
    expect: { admin: 404, trainer: 404, qa: 404, manager: 404, outsider: R, anonymous: 302 },
  },
  {
    name: "edit other shop's FAQ by demo URL",
    method: "POST",
    path: () => `/w/demo/faqs/${otherFaqId}`,
    body: () => ({ intent: "delete" }),
    expect: { admin: 404, trainer: 404, qa: 403, manager: 403, outsider: 404, anonymous: 302 },
  },
  {
    name: "unknown workspace",
    method: "GET",
    path: () => "/w/nope/faqs",
    expect: { admin: 404, trainer: 404, qa: 404, manager: 404, outsider: 404, anonymous: 302 },
  },
];

roleMatrix(cases, () => clients);

describe("the other shop's FAQ survives every attempt above", () => {
  it("is still there for its owner", async () => {
    const res = await clients.outsider.get(`/w/other/faqs/${otherFaqId}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("别家的发货时间");
  });
});

describe("CSRF", () => {
  it("refuses a state-changing request from another origin", async () => {
    const res = await clients.trainer.post("/w/demo/faqs/new", saveBody("跨站请求")(), { Origin: "http://evil.example" });
    expect(res.status).toBe(403);
  });
  it("refuses a state-changing request without an origin", async () => {
    const res = await fetch(`${server.url}/w/demo/categories`, {
      method: "POST",
      body: new URLSearchParams({ intent: "create", name: "无来源" }),
      headers: { Cookie: clients.trainer.cookie },
      redirect: "manual",
    });
    expect(res.status).toBe(403);
  });
});

describe("sessions", () => {
  it("refuses a wrong password with the same message as an unknown email", async () => {
    const c = new Client(server.url);
    const a = await c.post("/login", { email: MEMBER_EMAIL.trainer, password: "wrong-password" });
    const b = await c.post("/login", { email: "nobody@kbstudio.dev", password: "wrong-password" });
    expect(a.status).toBe(400);
    expect(b.status).toBe(400);
    expect(c.cookie).not.toContain("__kb_session");
  });
  it("sets an httpOnly SameSite session cookie and logs out", async () => {
    const c = new Client(server.url);
    const res = await c.post("/login", { email: MEMBER_EMAIL.qa, password: PASSWORD, redirectTo: "/" });
    const set = res.headers.getSetCookie().join("\n");
    expect(set).toMatch(/__kb_session=.*HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    expect((await c.get("/w/demo/faqs")).status).toBe(200);
    await c.post("/logout");
    expect((await c.get("/w/demo/faqs")).status).toBe(302);
  });
  it("refuses an upload over the size limit before reading it", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${server.url}/w/demo/import`, {
        method: "POST",
        headers: {
          Cookie: clients.trainer.cookie,
          Origin: server.url,
          "Content-Type": "multipart/form-data; boundary=x",
          "Content-Length": String(60 * 1024 * 1024),
        },
      });
      req.on("response", (res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        req.destroy();
      });
      req.on("error", reject);
      req.write("--x\r\n");
    });
    expect(status).toBe(413);
  });
});
