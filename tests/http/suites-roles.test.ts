/**
 * The 测试集 routes and actions for every role over real HTTP (issue 11): every member reads suites,
 * reports and exports; qa and admins write suites and cases; trainers, qa and admins run and
 * cancel; managers only read; another workspace's suites are a 404. State changes are POSTs that
 * the server's origin check guards (a cross-site POST is refused). Importing cases (preview, then
 * confirm) and generating them are writing; the coverage page is reading.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb } from "../../db/client";
import { createSuite, findSuiteByName, listCases, listRuns, saveCase } from "../../db/queries/suites";
import { getWorkspaceBySlug } from "../../db/queries/workspaces";
import { createShopWithOwner } from "../support/fixtures";
import { allowed, readAll, type RoleCase, roleMatrix, signInEveryone, WHO, type Who } from "../support/roles";
import { type Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
const OUTSIDER = "owner@other-suites.cn";
let clients: Record<Who, Client>;
/** One suite per role (so that one role's run or case does not collide with another's). */
const suiteOf = {} as Record<Who, number>;
const caseOf = {} as Record<Who, number>;
let seededSuite = 0;
let seededRun = 0;

beforeAll(async () => {
  server = await startTestServer();
  const db = createDb(server.databaseUrl);
  await createShopWithOwner(db, { slug: "other", name: "别家小店", email: OUTSIDER });
  const ws = (await getWorkspaceBySlug(db, "demo"))!;
  for (const w of WHO) {
    suiteOf[w] = await createSuite(db, { workspaceId: ws.id, name: `角色-${w}` });
    caseOf[w] = await saveCase(db, {
      suiteId: suiteOf[w],
      input: { name: "发货", tags: ["回归"], turns: [{ text: "什么时候发货", expect: { decision: "answer" } }] },
    });
  }
  seededSuite = (await findSuiteByName(db, ws.id, "售后回归"))!.id;
  seededRun = (await listRuns(db, { workspaceId: ws.id, suiteId: seededSuite })).rows[0].id;
  db.$client.close();
  clients = await signInEveryone(server.url, OUTSIDER);
});

afterAll(async () => {
  await server?.stop();
});

const R = 200;
const writers = (ok: number) => allowed(ok, ["admin", "qa"]);
const runners = (ok: number) => allowed(ok, ["admin", "trainer", "qa"]);

type Case = RoleCase;

const suite = (who: Who) => `/w/demo/suites/${suiteOf[who]}`;
const upload = (name: string, text: string) => {
  const form = new FormData();
  form.append("file", new Blob([text], { type: "application/yaml" }), name);
  return form;
};
const yamlCases = (...names: string[]) =>
  [
    "cases:",
    ...names.flatMap((n) => [`  - name: ${n}`, "    turns:", "      - user: 什么时候发货", "        expect: { decision: answer, faq: 什么时候发货 }"]),
  ].join("\n");
const caseJson = (who: Who, id: number | null) =>
  JSON.stringify({
    id,
    name: `${who} ${id ? "改名" : "追问"}`,
    tags: ["售后"],
    note: "",
    turns: [
      { text: "什么时候发货", expect: {} },
      { text: "那运费呢", expect: {} },
    ],
  });

const targetJson = (who: Who) =>
  JSON.stringify({
    name: `机器人-${who}`,
    url: "http://127.0.0.1:9/reply",
    headers: "Authorization: Bearer ${SOME_KEY}",
    body: "",
    decisionMap: "",
    timeout: "2",
    paths: { decision: "decision", answer: "reply", faq: "question" },
  });

const cases: Case[] = [
  { name: "list", method: "GET", path: () => "/w/demo/suites", expect: readAll },
  { name: "suite page", method: "GET", path: () => `/w/demo/suites/${seededSuite}?q=%E9%80%80&tag=%E5%94%AE%E5%90%8E&page=1`, expect: readAll },
  { name: "run report", method: "GET", path: () => `/w/demo/suites/${seededSuite}/runs/${seededRun}`, expect: readAll },
  { name: "export cases xlsx", method: "GET", path: () => `/w/demo/suites/${seededSuite}/export?format=xlsx`, expect: readAll },
  { name: "export cases csv", method: "GET", path: () => `/w/demo/suites/${seededSuite}/export?format=csv`, expect: readAll },
  { name: "export junit", method: "GET", path: () => `/w/demo/suites/${seededSuite}/runs/${seededRun}/export?format=junit`, expect: readAll },
  { name: "export json", method: "GET", path: () => `/w/demo/suites/${seededSuite}/runs/${seededRun}/export?format=json`, expect: readAll },
  {
    name: "job progress of a job that is no run",
    method: "GET",
    path: () => "/w/demo/suites/jobs/999999",
    expect: { admin: 404, trainer: 404, qa: 404, manager: 404, outsider: 404, anonymous: 302 },
  },
  { name: "create suite", method: "POST", path: () => "/w/demo/suites", body: (w) => ({ intent: "create", name: `新建-${w}` }), expect: writers(302) },
  { name: "save a new case", method: "POST", path: suite, body: (w) => ({ intent: "saveCase", case: caseJson(w, null) }), expect: writers(R) },
  { name: "edit a case", method: "POST", path: suite, body: (w) => ({ intent: "saveCase", case: caseJson(w, caseOf[w]) }), expect: writers(R) },
  { name: "duplicate a case", method: "POST", path: suite, body: (w) => ({ intent: "duplicateCase", caseId: String(caseOf[w]) }), expect: writers(R) },
  { name: "import page", method: "GET", path: (w) => `${suite(w)}/import`, expect: writers(R) },
  { name: "import preview", method: "POST", path: (w) => `${suite(w)}/import`, body: () => upload("s.yaml", yamlCases("导入")), expect: writers(R) },
  {
    name: "import confirm of an unknown upload",
    method: "POST",
    path: (w) => `${suite(w)}/import`,
    body: () => ({ intent: "apply", token: "0".repeat(64) }),
    expect: writers(400),
  },
  { name: "export cases yaml", method: "GET", path: () => `/w/demo/suites/${seededSuite}/export?format=yaml`, expect: readAll },
  { name: "external bots", method: "GET", path: () => "/w/demo/suites/targets", expect: readAll },
  {
    name: "save an external bot",
    method: "POST",
    path: () => "/w/demo/suites/targets",
    body: (w) => ({ intent: "save", id: "", target: targetJson(w) }),
    expect: writers(R),
  },
  {
    // Nothing listens on port 9: the try is refused (a readable error), and only writers may send it.
    name: "try an external bot",
    method: "POST",
    path: () => "/w/demo/suites/targets",
    body: (w) => ({ intent: "try", text: "在吗", target: targetJson(w) }),
    expect: writers(400),
  },
  {
    name: "delete an unknown external bot",
    method: "POST",
    path: () => "/w/demo/suites/targets",
    body: () => ({ intent: "delete", id: "999999" }),
    expect: writers(400),
  },
  {
    name: "external bots: bad intent",
    method: "POST",
    path: () => "/w/demo/suites/targets",
    body: () => ({ intent: "nope" }),
    expect: { admin: 400, trainer: 400, qa: 400, manager: 400, outsider: 404, anonymous: 302 },
  },
  { name: "coverage", method: "GET", path: () => "/w/demo/suites/coverage?status=none&q=%E5%8F%91&page=2", expect: readAll },
  {
    name: "generate from the knowledge base",
    method: "POST",
    path: () => "/w/demo/suites",
    body: (w) => ({ intent: "generate", from: "kb", suiteId: "0", name: `基线-${w}`, variants: "1" }),
    expect: writers(R),
  },
  {
    name: "generate from labels into a suite",
    method: "POST",
    path: () => "/w/demo/suites",
    body: (w) => ({ intent: "generate", from: "labels", suiteId: String(suiteOf[w]) }),
    expect: writers(R),
  },
  { name: "run", method: "POST", path: suite, body: () => ({ intent: "run", version: "draft" }), expect: runners(R) },
  { name: "cancel an unknown run", method: "POST", path: suite, body: () => ({ intent: "cancel", runId: "999999" }), expect: runners(400) },
  { name: "delete a case", method: "POST", path: suite, body: (w) => ({ intent: "deleteCase", caseId: String(caseOf[w]) }), expect: writers(R) },
  {
    name: "bad intent",
    method: "POST",
    path: suite,
    body: () => ({ intent: "nope" }),
    expect: { admin: 400, trainer: 400, qa: 400, manager: 400, outsider: 404, anonymous: 302 },
  },
  { name: "delete the suite", method: "POST", path: suite, body: () => ({ intent: "deleteSuite" }), expect: writers(302) },
  {
    name: "unknown workspace",
    method: "GET",
    path: () => "/w/nope/suites",
    expect: { admin: 404, trainer: 404, qa: 404, manager: 404, outsider: 404, anonymous: 302 },
  },
];

roleMatrix(cases, () => clients);

describe("the suites pages", () => {
  it("a cross-site POST is refused", async () => {
    const res = await clients.qa.post("/w/demo/suites", { intent: "create", name: "跨站" }, { Origin: "https://evil.example" });
    expect(res.status).toBe(403);
  });

  it("the JUnit export names every case of the run; another shop sees no demo suite", async () => {
    const xml = await (await clients.manager.get(`/w/demo/suites/${seededSuite}/runs/${seededRun}/export?format=junit`)).text();
    expect(xml).toContain('<testcase name="发货时间追问运费"');
    const other = await (await clients.outsider.get("/w/other/suites")).text();
    expect(other).not.toContain(">售后回归</a>");
    expect(await (await clients.qa.get("/w/demo/suites")).text()).toContain(">售后回归</a>");
  });

  it("imports a YAML file after its preview; a file with a bad row writes nothing", async () => {
    const db = createDb(server.databaseUrl);
    const ws = (await getWorkspaceBySlug(db, "demo"))!;
    const id = await createSuite(db, { workspaceId: ws.id, name: "网页导入" });
    const page = `/w/demo/suites/${id}/import`;
    const bad = `${yamlCases("好")}\n  - name: 坏\n    turns:\n      - user: 在吗\n        expect: { decision: 大概 }`;
    const badHtml = await (await clients.qa.post(page, upload("bad.yaml", bad))).text();
    expect(badHtml).toContain("第 2 个用例「坏」第 1 轮的 decision");
    expect(badHtml).not.toContain('name="token"');
    expect(await listCases(db, id)).toEqual([]);

    const html = await (await clients.qa.post(page, upload("ok.yaml", yamlCases("甲", "乙")))).text();
    const token = /name="token" value="([a-f0-9]{64})"/.exec(html)?.[1];
    expect(token).toBeTruthy();
    expect(await listCases(db, id)).toEqual([]);
    const done = await clients.qa.post(page, { intent: "apply", token: token! });
    expect(done.status).toBe(200);
    expect((await listCases(db, id)).map((c) => c.name)).toEqual(["甲", "乙"]);
    const yaml = await (await clients.manager.get(`/w/demo/suites/${id}/export?format=yaml`)).text();
    expect(yaml).toContain("suite: 网页导入");
    db.$client.close();
  });

  it("generating from the knowledge base fills the coverage; the page counts and lists what is left", async () => {
    const html = await (await clients.manager.get("/w/demo/suites/coverage")).text();
    expect(html).toContain("覆盖情况");
    expect(html).toContain("只有自己的问法");
    const db = createDb(server.databaseUrl);
    const ws = (await getWorkspaceBySlug(db, "demo"))!;
    // The role matrix generated 基线-admin with one variant per FAQ: every FAQ is reached.
    const baseline = (await findSuiteByName(db, ws.id, "基线-admin"))!;
    const cases = await listCases(db, baseline.id);
    expect(cases.length).toBeGreaterThan(0);
    expect(cases.every((c) => c.tags.includes("基线") && c.turns[0].expect.decision === "answer")).toBe(true);
    const none = await (await clients.qa.get("/w/demo/suites/coverage?status=none")).text();
    expect(none).toContain("每个问题都至少有一个用例覆盖");
    db.$client.close();
  });
});
