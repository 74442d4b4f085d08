/**
 * The 商品知识库 routes for every role over real HTTP (issue 16): every member reads the catalogue,
 * its detail and exports and opens the simulator on a product; only admins and trainers import;
 * another workspace's products are invisible. Then a trainer's import through preview and apply.
 */
import { describe, expect, it } from "vitest";

import { createDb } from "../../db/client";
import { productFacts } from "../../db/queries/products";
import { getWorkspaceBySlug } from "../../db/queries/workspaces";
import { allowed, readAll, type RoleCase, roleMatrix, roleServer } from "../support/roles";

const OUTSIDER = "owner@other-products.cn";
const env = roleServer(OUTSIDER);

const R = 200;
const editors = (ok: number) => allowed(ok, ["admin", "trainer"]);

const catalogue = () => {
  const form = new FormData();
  const csv = "商品ID,标题,类目,材质\r\nrole-1,角色测试商品,T恤,100%纯棉\r\n";
  form.set("file", new Blob([Buffer.from(csv, "utf8")], { type: "text/csv" }), "roles.csv");
  return form;
};

type Case = RoleCase;

const cases: Case[] = [
  { name: "list", method: "GET", path: "/w/demo/products", expect: readAll },
  { name: "search and filter", method: "GET", path: "/w/demo/products?q=T%E6%81%A4&category=T%E6%81%A4&page=1", expect: readAll },
  { name: "detail", method: "GET", path: "/w/demo/products?product=680012345001", expect: readAll },
  { name: "export xlsx", method: "GET", path: "/w/demo/products/export?format=xlsx", expect: readAll },
  { name: "export csv", method: "GET", path: "/w/demo/products/export?format=csv", expect: readAll },
  { name: "simulator on a product", method: "GET", path: "/w/demo/simulator?product=680012345001", expect: readAll },
  { name: "import preview", method: "POST", path: "/w/demo/products", body: catalogue, expect: editors(R) },
  {
    name: "import apply (expired token)",
    method: "POST",
    path: "/w/demo/products",
    body: () => ({ intent: "apply", token: "0".repeat(64) }),
    expect: editors(400),
  },
  {
    name: "unknown workspace",
    method: "GET",
    path: "/w/nope/products",
    expect: { admin: 404, trainer: 404, qa: 404, manager: 404, outsider: 404, anonymous: 302 },
  },
];

roleMatrix(cases, () => env.clients);

describe("the catalogue pages", () => {
  it("show the demo catalogue, and another shop sees none of it", async () => {
    const list = await (await env.clients.qa.get("/w/demo/products?q=%E7%89%9B%E4%BB%94")).text();
    expect(list).toContain("高腰直筒牛仔裤");
    expect(list).not.toContain("加绒连帽卫衣");
    const detail = await (await env.clients.manager.get("/w/demo/products?product=680012345002")).text();
    expect(detail).toContain("95%棉 5%氨纶");
    const other = await (await env.clients.outsider.get("/w/other/products?q=%E7%89%9B%E4%BB%94")).text();
    expect(other).not.toContain("高腰直筒牛仔裤");
  });

  it("a trainer imports through preview and apply", async () => {
    const preview = await env.clients.trainer.post("/w/demo/products", catalogue());
    const html = await preview.text();
    expect(html).toContain("roles.csv");
    const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
    expect(token).toBeTruthy();
    const applied = await env.clients.trainer.post("/w/demo/products", { intent: "apply", token: token! });
    expect(applied.status).toBe(200);
    const db = createDb(env.server.databaseUrl);
    const ws = (await getWorkspaceBySlug(db, "demo"))!;
    expect((await productFacts(db, ws.id, "role-1"))?.attributes).toEqual([{ key: "材质", value: "100%纯棉" }]);
    db.$client.close();
  });
});
