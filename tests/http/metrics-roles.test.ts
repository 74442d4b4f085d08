/**
 * The manager's pages for every role over real HTTP (issue 12): every member reads the dashboard,
 * the FAQ health list and the drill pages its 口径 cards link to; another shop's member gets a
 * 404. The drill pages render the demo shop's counted rows, in Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb } from "../../db/client";
import { createShopWithOwner } from "../support/fixtures";
import { readAll, roleMatrix, signInEveryone, type Who } from "../support/roles";
import { type Client, startTestServer, type TestServer } from "../support/server";

const OUTSIDER = "owner@other-metrics.cn";
let server: TestServer;
let clients: Record<Who, Client>;

beforeAll(async () => {
  server = await startTestServer();
  const db = createDb(server.databaseUrl);
  await createShopWithOwner(db, { slug: "other", name: "别家小店", email: OUTSIDER });
  db.$client.close();
  clients = await signInEveryone(server.url, OUTSIDER);
});

afterAll(async () => {
  await server?.stop();
});

roleMatrix(
  [
    { name: "dashboard", method: "GET", path: "/w/demo/metrics", expect: readAll },
    { name: "FAQ health", method: "GET", path: "/w/demo/metrics/faqs", expect: readAll },
    { name: "counted sessions", method: "GET", path: "/w/demo/metrics/sessions?filter=transfer&page=2", expect: readAll },
    { name: "counted sessions by reason", method: "GET", path: "/w/demo/metrics/sessions?reason=human_requested", expect: readAll },
    { name: "counted turns", method: "GET", path: "/w/demo/metrics/turns?decision=no_answer", expect: readAll },
  ],
  () => clients,
);

describe("the drill pages", () => {
  it("name counted turns in the dashboard's words, with a way back", async () => {
    const html = await (await clients.manager.get("/w/demo/metrics/turns?decision=no_answer")).text();
    expect(html).toContain("计入的消息");
    expect(html).toContain("无答案");
    expect(html).toMatch(/href="\/w\/demo\/metrics\?[^"]*"[^>]*>返回数据看板/);
  });
  it("list counted sessions", async () => {
    const res = await clients.manager.get("/w/demo/metrics/sessions?filter=all");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("计入的会话");
  });
});
