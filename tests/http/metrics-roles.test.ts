/**
 * The manager's pages for every role over real HTTP (issue 12): every member reads the dashboard,
 * the FAQ health list and the drill pages its 口径 cards link to; another shop's member gets a
 * 404. The drill pages render the demo shop's counted rows, in Chinese.
 */
import { describe, expect, it } from "vitest";

import { readAll, roleMatrix, roleServer } from "../support/roles";

const OUTSIDER = "owner@other-metrics.cn";
const env = roleServer(OUTSIDER);

roleMatrix(
  [
    { name: "dashboard", method: "GET", path: "/w/demo/metrics", expect: readAll },
    { name: "FAQ health", method: "GET", path: "/w/demo/metrics/faqs", expect: readAll },
    { name: "counted sessions", method: "GET", path: "/w/demo/metrics/sessions?filter=transfer&page=2", expect: readAll },
    { name: "counted sessions by reason", method: "GET", path: "/w/demo/metrics/sessions?reason=human_requested", expect: readAll },
    { name: "counted turns", method: "GET", path: "/w/demo/metrics/turns?decision=no_answer", expect: readAll },
  ],
  () => env.clients,
);

describe("the drill pages", () => {
  it("name counted turns in the dashboard's words, with a way back", async () => {
    const html = await (await env.clients.manager.get("/w/demo/metrics/turns?decision=no_answer")).text();
    expect(html).toContain("计入的消息");
    expect(html).toContain("无答案");
    expect(html).toMatch(/href="\/w\/demo\/metrics\?[^"]*"[^>]*>返回数据看板/);
  });
  it("list counted sessions", async () => {
    const res = await env.clients.manager.get("/w/demo/metrics/sessions?filter=all");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("计入的会话");
  });
});
