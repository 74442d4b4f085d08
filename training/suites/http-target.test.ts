import http from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { KbError } from "../errors";
import { httpDecider, parsePath, readPath, validateHttpTarget } from "./http-target";

/** A stub bot on 127.0.0.1: what it answers depends on the text it is sent. */
let server: http.Server;
let url = "";
const seen: { headers: http.IncomingHttpHeaders; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (d: Buffer) => (raw += d.toString()));
    req.on("end", () => {
      const body = JSON.parse(raw) as { text: string; sessionId: string };
      seen.push({ headers: req.headers, body });
      const json = (status: number, v: unknown) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(typeof v === "string" ? v : JSON.stringify(v));
      };
      if (body.text === "500") return json(500, { error: "boom" });
      if (body.text === "hang") return; // never answers
      if (body.text === "bad json") return json(200, "{not json");
      if (body.text === "no decision") return json(200, { reply: "嗯" });
      if (body.text === "custom") return json(200, { data: { kind: "FAQ", text: "已发货", hit: { title: "什么时候发货" }, score: "0.9" } });
      return json(200, {
        decision: "answer",
        question: "什么时候发货",
        reply: `您好，${body.text}：48 小时内发货`,
        confidence: 0.93,
        reason: null,
        suggestions: [{ question: "运费多少" }],
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/reply`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function codeOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(KbError);
    return e as KbError;
  }
  throw new Error("expected a KbError");
}

describe("JSON paths", () => {
  it("reads dots, indexes, quoted keys and [*]", () => {
    const v = { a: { b: [{ c: 1 }, { c: 2 }] }, "odd key": null };
    expect(parsePath("a.b[1].c")).toEqual(["a", "b", 1, "c"]);
    expect(readPath(v, "a.b[1].c")).toBe(2);
    expect(readPath(v, "$.a.b[*].c")).toEqual([1, 2]);
    expect(readPath(v, '["odd key"]')).toBeNull();
    expect(readPath(v, "a.x.y")).toBeUndefined();
    expect(() => parsePath("a..b")).toThrow(KbError);
  });
});

describe("validateHttpTarget", () => {
  it("refuses what cannot work before any turn", () => {
    expect(() => validateHttpTarget({ url: "ftp://x", headers: {} })).toThrow(/not http/);
    expect(() => validateHttpTarget({ url, headers: { "bad name": "x" } })).toThrow(/header name/);
    expect(() => validateHttpTarget({ url, headers: {}, bodyTemplate: '{"q": {{text}}}' })).toThrow(/inside quotes/);
    expect(() => validateHttpTarget({ url, headers: {}, bodyTemplate: '{"q": "x"}' })).toThrow(/no \{\{text\}\}/);
    expect(() => validateHttpTarget({ url, headers: {}, timeoutMs: 0 })).toThrow(/timeout/);
    expect(validateHttpTarget({ url, headers: {} }).timeoutMs).toBe(10_000);
  });
});

describe("httpDecider against a stub bot", () => {
  it("sends the template with the text escaped, one session per case, and reads the reply by the default paths", async () => {
    let n = 0;
    const decide = httpDecider(
      { url, headers: { Authorization: "Bearer ${STUB_KEY}" }, bodyTemplate: '{"sessionId": "{{sessionId}}", "text": "{{text}}", "shop": 1}' },
      { env: { STUB_KEY: "sekret" }, newSessionId: () => `s${++n}` },
    );
    const r = await decide('什么时候"发货"', []);
    expect(r.actual).toEqual({
      decision: "answer",
      faqId: null,
      faq: "什么时候发货",
      suggestions: ["运费多少"],
      confidence: 0.93,
      reason: null,
      reply: '您好，什么时候"发货"：48 小时内发货',
    });
    expect(r.latencyMs).toBeGreaterThan(0);
    await decide("还有呢", [r.turn]);
    await decide("新用例", []);
    const last3 = seen.slice(-3);
    expect(last3.map((s) => s.body.sessionId)).toEqual(["s1", "s1", "s2"]);
    expect(last3[0].body).toMatchObject({ text: '什么时候"发货"', shop: 1 });
    expect(last3[0].headers.authorization).toBe("Bearer sekret");
  });

  it("maps the bot's own decision words and reads custom paths", async () => {
    const decide = httpDecider(
      {
        url,
        headers: {},
        paths: { decision: "data.kind", answer: "data.text", faq: "data.hit.title", confidence: "data.score", suggestions: "", reason: "" },
        decisionMap: { faq: "answer" },
      },
      { env: {} },
    );
    const r = await decide("custom", []);
    expect(r.actual).toMatchObject({ decision: "answer", faq: "什么时候发货", reply: "已发货", confidence: 0.9 });
  });

  it.each([
    ["500", "SUITE_TARGET_HTTP_STATUS", { status: 500 }, "HTTP 500"],
    ["bad json", "SUITE_TARGET_BAD_JSON", {}, "not JSON: {not json"],
    ["no decision", "SUITE_TARGET_PATH_MISSING", { path: "decision" }, 'no "decision"'],
  ])("a reply of %s is %s", async (text, code, params, message) => {
    const e = await codeOf(httpDecider({ url, headers: {} }, { env: {} })(text, []));
    expect(e.code).toBe(code);
    expect(e.params).toMatchObject(params);
    expect(e.message).toContain(message);
  });

  it("a bot that never answers is a timeout after timeoutMs", async () => {
    const t0 = Date.now();
    const e = await codeOf(httpDecider({ url, headers: {}, timeoutMs: 150 }, { env: {} })("hang", []));
    expect(e.code).toBe("SUITE_TARGET_TIMEOUT");
    expect(e.params).toEqual({ ms: 150 });
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it("a decision the bot made up, a closed port and a missing env variable are clear errors", async () => {
    const unknown = await codeOf(httpDecider({ url, headers: {}, paths: { decision: "reply" } }, { env: {} })("x", []));
    expect(unknown.code).toBe("SUITE_TARGET_DECISION_UNKNOWN");
    // A port that was free a moment ago: nothing listens there.
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const closed = await codeOf(httpDecider({ url: `http://127.0.0.1:${port}/`, headers: {} }, { env: {} })("x", []));
    expect(closed.code).toBe("SUITE_TARGET_FAILED");
    expect(closed.message).toContain("ECONNREFUSED");
    expect(() => httpDecider({ url, headers: { Authorization: "Bearer ${NOT_SET_ANYWHERE}" } }, { env: {} })).toThrow(/NOT_SET_ANYWHERE/);
  });
});
